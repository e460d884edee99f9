// Progressive enhancement only: every page works without this file.

// History: keep at most two versions ticked (the oldest tick gives way), and enable Compare
// only when exactly two are.
for (const form of document.querySelectorAll('form[data-compare]')) {
  const button = form.querySelector('[data-compare-button]');
  const status = form.querySelector('[data-compare-status]');
  const ticked = [];
  const update = () => {
    button.disabled = ticked.length !== 2;
    const versions = ticked.map((box) => Number(box.value)).sort((a, b) => a - b);
    status.textContent = ticked.length === 2 ? `Compare @${versions[0]} with @${versions[1]}.` : 'Tick two versions to compare them.';
  };
  for (const box of form.querySelectorAll('input[type=checkbox][name=v]')) {
    if (box.checked) ticked.push(box);
    box.addEventListener('change', () => {
      const at = ticked.indexOf(box);
      if (at >= 0) ticked.splice(at, 1);
      if (box.checked) ticked.push(box);
      if (ticked.length > 2) ticked.shift().checked = false;
      update();
    });
  }
  update();
}

// Confirmations: one press sends once (the form's request id makes a second send harmless anyway).
for (const form of document.querySelectorAll('form[data-once]')) {
  form.addEventListener('submit', () => {
    for (const button of form.querySelectorAll('button[type=submit]')) button.disabled = true;
  });
}
