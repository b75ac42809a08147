import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { launchFailure } from '../lib/fhir/smart-session';
import { authorizationErrorIn } from '../lib/smart/authorization-response';
import { LaunchFailure } from './LaunchFailure';

describe('LaunchFailure', () => {
  it('says plainly what a reload did and how to carry on, without calling it a failure to start', () => {
    render(<LaunchFailure error={launchFailure('reload', 'There is no launch to complete: the address has no state.')} />);
    const notice = screen.getByRole('status');
    expect(notice).toHaveTextContent(
      'Lantern was reloaded. For the patient’s privacy it keeps answers only in this window’s memory, never in the browser, so anything entered before the reload was not kept.',
    );
    expect(notice).toHaveTextContent('Open Lantern again from the patient’s chart.');
    expect(screen.queryByText(/could not start/)).toBeNull();
    expect(screen.queryByText(/no state/)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('treats Back to a finished launch like a reload', () => {
    render(<LaunchFailure error={launchFailure('back_forward', 'No state found! Please (re)launch the app.')} />);
    expect(screen.getByRole('status')).toHaveTextContent(/^Lantern was reloaded\./);
  });

  it('still says Lantern could not start when it was opened without a launch', () => {
    render(<LaunchFailure error={launchFailure('navigate', 'There is no launch to complete: the address has no state.')} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Lantern could not start.');
    expect(alert).toHaveTextContent('Lantern’s connection to the EHR was lost or never completed.');
    expect(alert).not.toHaveTextContent(/reloaded|no state/);
  });

  it('does not show a library’s message when the launch could not be completed', () => {
    render(<LaunchFailure error={launchFailure(undefined, "'code' url parameter is required")} />);
    expect(screen.getByRole('alert')).not.toHaveTextContent(/url parameter/);
  });

  it('names an authorization server’s refusal for what it is, with its description as text for the administrator', () => {
    const href = `https://lantern.example/index.html?${new URLSearchParams({
      state: 'launch-1',
      error: 'unauthorized_client',
      error_description: '<b>client lantern</b> is not registered',
    }).toString()}`;
    render(<LaunchFailure error={authorizationErrorIn(href, () => true) ?? expect.fail('no refusal')} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Lantern could not start.');
    expect(alert).toHaveTextContent('The EHR does not recognise Lantern’s registration.');
    expect(alert).toHaveTextContent('The EHR said: “<b>client lantern</b> is not registered (unauthorized_client)”');
    expect(alert.querySelector('b')).toBeNull();
    expect(alert).not.toHaveTextContent(/connection to the EHR was lost/);
  });

  it('offers to open again reading only when the EHR refused the writes, and goes to the launch page asking for that', async () => {
    const assign = vi.fn<(url: string) => void>();
    vi.stubGlobal('location', { href: window.location.href, assign });
    const refused = authorizationErrorIn('https://lantern.example/index.html?state=s&error=invalid_scope', () => true);
    render(<LaunchFailure error={refused ?? expect.fail('no refusal')} readOnlyRelaunch="launch.html?iss=x&launch=y&access=read" />);
    expect(screen.getByRole('alert')).toHaveTextContent('The EHR refused the access Lantern asked for.');
    expect(screen.getByRole('region', { name: 'Open reading only' })).toHaveTextContent('nothing is written to the record');
    await userEvent.click(screen.getByRole('button', { name: 'Open Lantern reading only' }));
    expect(assign).toHaveBeenCalledWith('launch.html?iss=x&launch=y&access=read');
    vi.unstubAllGlobals();
  });

  it('offers no relaunch for other failures', () => {
    render(<LaunchFailure error={launchFailure('navigate', 'no state')} />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
