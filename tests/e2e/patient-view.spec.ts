import { expect, test } from '@playwright/test';
import { listedTermsIn } from '../vocabulary';
import { expectNoAxeViolations, openChart } from './ehr';

test('the patient reads the questions themselves, in Spanish, one at a time; the answers come back to the check-in', async ({ page }) => {
  const lantern = await openChart(page, 'youth');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await lantern.getByRole('button', { name: 'Let the patient read the questions' }).click();

  const view = lantern.getByRole('region', { name: 'A few questions we ask everyone' });
  await expect(view.getByText('Question 1 of 6')).toBeVisible();
  // Handed over from far down the check-in, the view starts at its top, with Hide in sight.
  await expect(lantern.getByRole('button', { name: 'Hide' })).toBeInViewport();
  await view.getByRole('button', { name: 'Español' }).click();
  const vista = lantern.getByRole('region', { name: 'Unas preguntas que hacemos a todas las personas' });
  await expect(vista.getByText('Pregunta 1 de 6')).toBeVisible();
  await expect(vista.getByRole('radiogroup')).toHaveAccessibleName('¿Hay noches en que no tienes un lugar seguro donde dormir?');
  await expect(vista).not.toContainText(/validad/);
  await expect(lantern.getByRole('button', { name: 'Ocultar' })).toBeVisible();
  // Large type: the question reads at arm's length.
  const fontSize = await vista.getByRole('radiogroup').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(20);
  const seen = await lantern.locator('body').innerText();
  expect(listedTermsIn(seen)).toEqual([]);
  await expectNoAxeViolations(page);

  await vista.getByRole('radio', { name: 'Sí' }).check();
  await vista.getByRole('button', { name: 'Siguiente' }).click();
  await vista.getByRole('radio', { name: 'Prefiero no responder' }).check();

  // The same quick-hide, and back to the same question.
  await page.keyboard.press('Escape');
  await expect(lantern.getByRole('button', { name: 'Resume' })).toBeFocused();
  await lantern.getByRole('button', { name: 'Resume' }).press('Enter');
  await expect(vista.getByText('Pregunta 2 de 6')).toBeVisible();
  await expect(vista.getByRole('radio', { name: 'Prefiero no responder' })).toBeChecked();

  await lantern.getByRole('button', { name: 'Clinician: back to the check-in' }).click();
  const questions = lantern.getByRole('region', { name: 'Screening questions' }).getByRole('radiogroup');
  await expect(questions.nth(0).getByRole('radio', { name: 'Sí' })).toBeChecked();
  await expect(questions.nth(1).getByRole('radio', { name: 'Prefiere no responder' })).toBeChecked();
  await expect(lantern.getByRole('button', { name: 'Let the patient read the questions' })).toBeFocused();
  await expectNoAxeViolations(page);
});
