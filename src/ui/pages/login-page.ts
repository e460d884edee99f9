import { html, type SafeHtml } from '../html.js';

/** Token sign-in for browsers: the token is exchanged for an HttpOnly session cookie. */
export function loginPage(csrf: string, next: string, failed: boolean): SafeHtml {
  return html`${failed ? html`<p class="error" role="alert">That token is not the one this server was started with.</p>` : ''}
<form class="login" method="post" action="/login">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="next" value="${next}">
<p><label for="token">Access token</label> <input id="token" name="token" type="password" autocomplete="current-password" required autofocus></p>
<p><button type="submit">Sign in</button></p>
<p class="sub">The token is the server's --auth-token (or AGENTVER_UI_TOKEN).</p>
</form>`;
}
