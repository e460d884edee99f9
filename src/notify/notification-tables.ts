import type { TelemetryTableSpec } from '../telemetry/telemetry-tables.js';
import { NOTIFICATION_DELIVERIES } from './notification-deliveries-table.js';
import { NOTIFICATION_WEBHOOKS } from './notification-webhooks-table.js';

/** The tables of notifications, created by `agentver init` from sql/<table>.sql. */
export const NOTIFICATION_TABLES: readonly TelemetryTableSpec[] = [NOTIFICATION_WEBHOOKS, NOTIFICATION_DELIVERIES];
