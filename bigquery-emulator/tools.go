//go:build tools

// Package tools pins the BigQuery emulator so `go install` builds it at the version in go.mod.
package tools

import _ "github.com/goccy/bigquery-emulator/cmd/bigquery-emulator"
