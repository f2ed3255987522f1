/// The templates qrbuild ships; files of the same name in a `templates/` folder beside the
/// manifest replace them. Each text equals the repository's file in `templates/` (a test checks).
enum DefaultTemplates {
    static let landing = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
{{#action}}<meta http-equiv="refresh" content="0; url={{action}}">{{/action}}
<title>{{title}}</title>
<style>
  body { margin: 0; font: 18px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f6f6f4; }
  main { max-width: 28rem; margin: 0 auto; padding: 3rem 1.25rem; text-align: center; }
  h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
  p { margin: 0 0 1.5rem; overflow-wrap: anywhere; white-space: pre-wrap; }
  a.action { display: block; padding: .9rem 1rem; margin: 0 0 .75rem; border-radius: .6rem; background: #1b4332; color: #fff; text-decoration: none; font-weight: 600; }
  a.secondary { color: #1b4332; }
</style>
</head>
<body>
<main>
<h1>{{heading}}</h1>
{{#detail}}<p>{{detail}}</p>{{/detail}}
{{#action}}<a class="action" href="{{action}}">{{actionLabel}}</a>{{/action}}
{{#secondary}}<a class="secondary" href="{{secondary}}">{{secondaryLabel}}</a>{{/secondary}}
</main>
</body>
</html>

"""#

    static let unlock = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Protected link</title>
<script src="unlock.js" defer></script>
<style>
  body { margin: 0; font: 18px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f6f6f4; }
  main { max-width: 24rem; margin: 0 auto; padding: 3rem 1.25rem; text-align: center; }
  h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
  input, button { box-sizing: border-box; width: 100%; font: inherit; padding: .8rem 1rem; border-radius: .6rem; margin: 0 0 .75rem; }
  input { border: 1px solid #999; }
  button { border: 0; background: #1b4332; color: #fff; font-weight: 600; }
  #message { color: #a4161a; min-height: 1.5em; }
</style>
</head>
<body>
<main>
<h1>This link is protected</h1>
<p>Enter the password to continue.</p>
<form id="unlock">
<input type="password" id="password" aria-label="Password" autocomplete="current-password" required autofocus>
<button type="submit">Open</button>
</form>
<p id="message" role="alert"></p>
<script type="application/json" id="sealed">{"rounds": {{rounds}}, "salt": "{{salt}}", "data": "{{data}}"}</script>
</main>
</body>
</html>

"""#

    static let unlockScript = #"""
"use strict";
// Opens a password-protected qrbuild link in the browser: PBKDF2-SHA256 turns the password
// into an AES-256-GCM key, which decrypts the destination sealed into the page. Nothing is
// sent anywhere; a wrong password fails the AES-GCM tag check and only shows a message.
(function () {
  const form = document.getElementById("unlock");
  const message = document.getElementById("message");
  const sealed = JSON.parse(document.getElementById("sealed").textContent);
  const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "";
    const password = new TextEncoder().encode(document.getElementById("password").value);
    try {
      const base = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveKey"]);
      const key = await crypto.subtle.deriveKey(
        { name: "PBKDF2", hash: "SHA-256", salt: bytes(sealed.salt), iterations: sealed.rounds },
        base, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
      const data = bytes(sealed.data);
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: data.slice(0, 12) }, key, data.slice(12));
      const destination = new TextDecoder().decode(plain);
      if (!/^https?:\/\//i.test(destination)) { throw new Error("not a web address"); }
      location.replace(destination);
    } catch (error) {
      message.textContent = "Wrong password. Please try again.";
    }
  });
})();

"""#
}
