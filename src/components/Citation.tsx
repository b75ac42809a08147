import { useRef, useState, type ReactNode } from 'react';

interface CitationProps {
  title: string;
  publisher: string;
  /** Shown as plain text, never a link: nothing in the sidebar navigates away or opens a tab on a shared workstation. */
  url?: string | undefined;
}

/** One line of text, as the clinician would paste it. */
export function citationText({ title, publisher, url }: CitationProps): string {
  return [title, publisher, url].filter((part) => part !== undefined && part !== '').join('. ');
}

/**
 * A source as a citation the clinician can copy: title, publisher and address as text, and a Copy button. Where the
 * EHR's frame refuses the clipboard, the text is selected instead and the status says to press Ctrl+C.
 */
export function Citation(props: CitationProps): ReactNode {
  const text = useRef<HTMLSpanElement>(null);
  const [status, setStatus] = useState<'copied' | 'selected' | undefined>(undefined);
  const selectText = (): void => {
    const selection = window.getSelection();
    if (!text.current || !selection) return;
    selection.selectAllChildren(text.current);
    setStatus('selected');
  };
  const copy = (): void => {
    // The Clipboard API is missing outside secure contexts, and a frame may lack the clipboard-write permission.
    if (typeof navigator.clipboard === 'undefined') {
      selectText();
      return;
    }
    navigator.clipboard.writeText(citationText(props)).then(
      () => {
        setStatus('copied');
      },
      selectText,
    );
  };
  return (
    <p className="citation">
      <span ref={text} className="citation-text">
        {props.title}. {props.publisher}.{props.url ? <> <span className="citation-url">{props.url}</span></> : null}
      </span>{' '}
      <button type="button" className="citation-copy" onClick={copy}>
        Copy
      </button>{' '}
      <span role="status" className="small">
        {status === 'copied' ? 'Copied.' : status === 'selected' ? 'Selected: press Ctrl+C to copy.' : ''}
      </span>
    </p>
  );
}
