import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { ConversationGuide } from './ConversationGuide';

it('offers the practice page under "Names and sources" as an address to copy, never a link', async () => {
  render(<ConversationGuide />);
  await userEvent.click(screen.getByText('Names and sources'));
  expect(screen.getByText(/Lantern’s practice cases/)).toBeVisible();
  expect(screen.getByText(new URL('training.html', document.baseURI).href, { exact: false })).toBeVisible();
  expect(screen.queryAllByRole('link')).toEqual([]);
});
