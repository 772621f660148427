import { type ReactNode, useEffect, useRef } from 'react';
import { Heading } from 'suomifi-ui-components';

/**
 * The page's h1. After a route change focus moves here, so a screen reader announces the new
 * page and keyboard users continue from its top instead of from the link they left.
 */
export function PageHeading({ children, focus = true }: { children: ReactNode; focus?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus({ preventScroll: false });
  }, [focus]);
  return (
    <Heading variant="h1" ref={ref} tabIndex={-1} className="page-heading" mb="m">
      {children}
    </Heading>
  );
}
