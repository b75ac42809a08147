export interface PickerPatient {
  id: string;
  label: string;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Sandbox EHR</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
ul { list-style: none; padding: 0; }
li { margin: 0.5rem 0; }
button { font: inherit; padding: 0.5rem 1rem; min-width: 16rem; text-align: left; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** The standalone-launch patient picker: one submit button per patient, plus a cancel. */
export function renderPatientPicker(options: { action: string; clientId: string; patients: readonly PickerPatient[] }): string {
  const items = options.patients
    .map(
      (patient) =>
        `<li><button type="submit" name="patient" value="${escapeHtml(patient.id)}">${escapeHtml(patient.label)}</button></li>`,
    )
    .join('\n');
  const list =
    options.patients.length > 0
      ? `<ul aria-labelledby="picker-heading">\n${items}\n</ul>`
      : '<p>No patients are available in this sandbox.</p>';
  return page(
    'Select a patient',
    `<h1 id="picker-heading">Select a patient</h1>
<p>The app <strong>${escapeHtml(options.clientId)}</strong> asks to open one patient's record.</p>
<form method="post" action="${escapeHtml(options.action)}">
${list}
<p><button type="submit" name="cancel" value="cancel">Cancel and return to the app</button></p>
</form>`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
