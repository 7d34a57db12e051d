// A form marked data-busy="<text>" shows that the server is at work once it is sent: a report PDF takes seconds to
// render when no job queue runs it in the background. Its submit button is disabled (a second tap would start a
// second report) and reads <text>, which a screen reader also hears. Coming back to the page (the browser's back
// button, its page cache) gives the button back. Without JavaScript the form works as before.
(function () {
  var forms = document.querySelectorAll('form[data-busy]');
  function reset(form) {
    var button = form.querySelector('[type=submit]');
    if (button && button.hasAttribute('data-label')) {
      button.textContent = button.getAttribute('data-label');
      button.removeAttribute('data-label');
      button.disabled = false;
    }
    form.removeAttribute('aria-busy');
  }
  Array.prototype.forEach.call(forms, function (form) {
    var live = document.createElement('span');
    live.className = 'visually-hidden';
    live.setAttribute('role', 'status');
    form.appendChild(live);
    form.addEventListener('submit', function () {
      var button = form.querySelector('[type=submit]');
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
