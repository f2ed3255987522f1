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
