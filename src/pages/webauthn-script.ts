/**
 * The pages' WebAuthn script, served as `/assets/webauthn.js` after @simplewebauthn/browser's bundle (the CSP allows
 * no inline script). It wires two forms that stay hidden without it, so the TOTP forms work without JavaScript:
 * - `[data-webauthn-register]` on the two-factor page: options from `POST /api/me/two-factor/webauthn/options` (with
 *   the session's CSRF token of the form), `startRegistration`, the result posted with the form;
 * - `[data-webauthn-sign-in]` on the sign-in's second step: options from `POST /login/second-factor/webauthn-options`
 *   (bound to the pending sign-in's cookie), `startAuthentication`, the assertion posted with the form.
 */
export const WEBAUTHN_SCRIPT = `(function () {
  var lib = window.SimpleWebAuthnBrowser;
  if (!lib || !lib.browserSupportsWebAuthn()) {
    return;
  }
  function wire(form, optionsRequest, start, field) {
    form.hidden = false;
    var failure = form.querySelector('[data-webauthn-error]');
    form.addEventListener('submit', function (event) {
      if (form.elements[field].value) {
        return;
      }
      event.preventDefault();
      failure.hidden = true;
      optionsRequest()
        .then(function (answer) {
          if (!answer.ok) {
            throw new Error('options refused');
          }
          return answer.json();
        })
        .then(function (options) {
          return start({ optionsJSON: options });
        })
        .then(function (result) {
          form.elements[field].value = JSON.stringify(result);
          form.submit();
        })
        .catch(function () {
          failure.hidden = false;
        });
    });
  }
  document.querySelectorAll('[data-webauthn-register]').forEach(function (form) {
    wire(
      form,
      function () {
        return fetch('/api/me/two-factor/webauthn/options', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': form.elements.csrf.value },
          body: '{}',
        });
      },
      lib.startRegistration,
      'response'
    );
  });
  document.querySelectorAll('[data-webauthn-sign-in]').forEach(function (form) {
    wire(
      form,
      function () {
        return fetch('/login/second-factor/webauthn-options', { method: 'POST', credentials: 'same-origin' });
      },
      lib.startAuthentication,
      'webauthn'
    );
  });
})();
`;
