import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Citation } from './Citation';

const soar = {
  title: 'SOAR to Health and Wellness',
  publisher: 'HHS Administration for Children and Families, Office on Trafficking in Persons',
  url: 'https://www.acf.hhs.gov/otip/training/soar-health-and-wellness-training',
};

describe('Citation', () => {
  it('shows the title, publisher and address as text, with no link', () => {
    const { container } = render(<Citation {...soar} />);
    expect(container).toHaveTextContent(`${soar.title}. ${soar.publisher}. ${soar.url}`);
    expect(container.querySelector('a')).toBeNull();
  });

  it('copies the citation as one line', async () => {
    const user = userEvent.setup();
    render(<Citation {...soar} />);
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(`${soar.title}. ${soar.publisher}. ${soar.url}`);
    expect(screen.getByRole('status')).toHaveTextContent('Copied.');
  });

  it('selects the text for Ctrl+C when the clipboard refuses', async () => {
    const user = userEvent.setup();
    render(<Citation {...soar} />);
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Selected: press Ctrl+C to copy.')).toBeVisible();
    expect(window.getSelection()?.toString()).toContain(soar.url);
  });
});
