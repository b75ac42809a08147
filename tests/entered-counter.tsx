import { useState, type ReactNode } from 'react';

/**
 * Stands for what a clinician entered above a part of the screen that fails or reloads: a button that counts its
 * clicks ("Entered N"), so a test can check the count survives the failure and "Try again".
 */
export function EnteredCounter({ children }: { children: ReactNode }): ReactNode {
  const [count, setCount] = useState(0);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setCount(count + 1);
        }}
      >
        Entered {count}
      </button>
      {children}
    </>
  );
}
