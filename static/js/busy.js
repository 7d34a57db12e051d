// A form marked data-busy="<text>" shows that the server is at work once it is sent: a report PDF takes seconds to
// render when no job queue runs it in the background, and a citizen's form on a slow network as long. The button that
// sent it is disabled (a second tap would send it again) and reads <text>, which a screen reader also hears. Coming
// back to the page (the browser's back button, its page cache) gives the button back. Without JavaScript the form
// works as before.
(function () {
  var forms = document.querySelectorAll('form[data-busy]');
  function reset(form) {
    Array.prototype.forEach.call(form.querySelectorAll('[data-label]'), function (button) {
      button.textContent = button.getAttribute('data-label');
      button.removeAttribute('data-label');
      button.disabled = false;
    });
    form.removeAttribute('aria-busy');
  }
  Array.prototype.forEach.call(forms, function (form) {
    var live = document.createElement('span');
    live.className = 'visually-hidden';
    live.setAttribute('role', 'status');
    form.appendChild(live);
    form.addEventListener('submit', function (event) {
      // A button with formnovalidate sends the form for something else (the header's language switch, "change my
      // answers"): nothing to show. Otherwise the button that sent it, or the form's own when that one is outside
      // it (the header's hidden default button, which the Enter key presses).
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute('formnovalidate')) { return; }
      var button = submitter && form.contains(submitter) ? submitter
        : form.querySelector('[type=submit]:not([formnovalidate])');
      if (!button || button.disabled) { return; }
      button.setAttribute('data-label', button.textContent);
      // after the browser has taken the form's values: a disabled control is left out of them
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = form.getAttribute('data-busy');
        live.textContent = form.getAttribute('data-busy');
        form.setAttribute('aria-busy', 'true');
      }, 0);
    });
  });
  window.addEventListener('pageshow', function () {
    Array.prototype.forEach.call(forms, reset);
  });
}());
