// html/assets/report.js: table filters of every rtlduet report (embedded in the page). A form
// with data-table="ID" filters the rows of table ID: a <select name=K> keeps rows whose
// data-K equals its value (all when empty), a checkbox name=K keeps rows with data-K="1", a
// text box keeps rows whose data-key contains it. The page's #fragment (K=V&...) presets them.
(function () {
  'use strict';
  function keep(row, control) {
    if (control.type === 'checkbox') {
      return !control.checked || row.dataset[control.name] === '1';
    }
    if (control.value === '') {
      return true;
    }
    if (control.tagName === 'SELECT') {
      return row.dataset[control.name] === control.value;
    }
    return (row.dataset.key || '').toLowerCase().indexOf(control.value.toLowerCase()) >= 0;
  }
  function apply(form) {
    const table = document.getElementById(form.dataset.table);
    const rows = table.tBodies[0].rows;
    const controls = Array.from(form.elements).filter(function (c) { return c.name; });
    let shown = 0;
    for (const row of rows) {
      row.hidden = !controls.every(function (c) { return keep(row, c); });
      shown += row.hidden ? 0 : 1;
    }
    const count = form.querySelector('.shown');
    if (count) {
      count.textContent = shown + ' of ' + rows.length + ' shown';
    }
  }
  const preset = new URLSearchParams(window.location.hash.slice(1));
  document.querySelectorAll('form.filters').forEach(function (form) {
    for (const control of form.elements) {
      if (!control.name || !preset.has(control.name)) {
        continue;
      }
      if (control.type === 'checkbox') {
        control.checked = preset.get(control.name) === '1';
      } else {
        control.value = preset.get(control.name);
      }
    }
    form.addEventListener('input', function () { apply(form); });
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    apply(form);
  });
  document.body.dataset.script = 'ran';
})();
