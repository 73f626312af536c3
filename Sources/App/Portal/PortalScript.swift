/// The portal's only script, compiled into the binary and served at /static/portal.js (the CSP allows scripts from
/// this site only, never inline). Without it every page works the same; with it the new-request form shows the
/// verdict and the suggestions while the customer types, instead of after "Check".
enum PortalScript {
  static let javascript = #"""
    (function () {
      'use strict';
      var form = document.getElementById('new-request');
      if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) { return; }
      var liveURL = form.getAttribute('data-live');
      var verdict = document.getElementById('verdict');
      var suggestions = document.getElementById('suggestions');
      var consent = document.getElementById('consent-box');
      var keep = document.getElementById('keep-box');
      var token = form.querySelector('input[name="csrf"]');
      var timer = null;
      var sequence = 0;
      var shown = { verdict: null, suggestions: null };

      function fields() {
        var params = new URLSearchParams();
        new FormData(form).forEach(function (value, key) {
          if (typeof value === 'string' && key !== 'csrf' && key !== 'intent') { params.append(key, value); }
        });
        return params.toString();
      }

      function show(data) {
        if (data.verdict !== shown.verdict) { verdict.innerHTML = data.verdict; shown.verdict = data.verdict; }
        if (data.suggestions !== shown.suggestions) {
          suggestions.innerHTML = data.suggestions;
          shown.suggestions = data.suggestions;
        }
        if (consent) { consent.hidden = data.outcome !== 'paid'; }
        if (keep) { keep.hidden = data.outcome !== 'refused'; }
        form.setAttribute('data-outcome', data.outcome);
      }

      function refresh() {
        var mine = ++sequence;
        form.setAttribute('aria-busy', 'true');
        fetch(liveURL, {
          method: 'POST',
          credentials: 'same-origin',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            'Accept': 'application/json',
            'X-CSRF-Token': token ? token.value : ''
          },
          body: fields()
        }).then(function (response) {
          if (!response.ok) { throw new Error('HTTP ' + response.status); }
          return response.json();
        }).then(function (data) {
          if (mine === sequence) { show(data); }
        }).catch(function () {
          /* The "Check" button still works without the live update. */
        }).then(function () {
          if (mine === sequence) { form.removeAttribute('aria-busy'); }
        });
      }

      function schedule(delay) {
        if (timer) { clearTimeout(timer); }
        timer = setTimeout(refresh, delay);
      }

      form.addEventListener('input', function (event) {
        var target = event.target;
        if (target.type === 'file') { return; }
        var typing = target.tagName === 'TEXTAREA' || target.type === 'text';
        schedule(typing ? 350 : 0);
      });
      form.addEventListener('change', function (event) {
        var target = event.target;
        if (target.tagName === 'SELECT' || target.type === 'radio' || target.type === 'checkbox') { schedule(0); }
      });
      form.classList.add('is-live');
    })();
    """#
}
