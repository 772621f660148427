// Shows a document's stored XHTML. The server produced and escaped it, but it is still shown in a
// sandboxed frame: no scripts run there whatever it contains, and its styles cannot reach the app.
// `allow-same-origin` (without `allow-scripts`) only lets this component measure its height.
import { useCallback, useRef, useState } from 'react';

const FRAME_STYLE = `<style>
  body { font-family: "Source Sans Pro", "Helvetica Neue", Arial, sans-serif; color: #212121; margin: 0; padding: 8px; line-height: 1.5; }
  h1, h2, h3, h4 { color: #212121; }
  table { border-collapse: collapse; }
  td, th { border: 1px solid #c8cdd0; padding: 4px 8px; text-align: left; vertical-align: top; }
  .soc-invalidated { border-left: 6px solid #c3001c; background: #fff0f1; padding: 4px 12px; margin-bottom: 12px; }
  .soc-invalidated-title { color: #a50017; font-size: 1.25em; font-weight: 600; margin: 4px 0; }
</style>`;

/** The frame's document: the XHTML as data inside a fixed shell that denies everything active. */
export function frameDocument(xhtml: string, lang: string): string {
  return `<!doctype html><html lang="${lang === 'sv' ? 'sv' : 'fi'}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">${FRAME_STYLE}</head><body>${xhtml}</body></html>`;
}

export function SafeXhtml({ xhtml, title, lang }: { xhtml: string; title: string; lang: string }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(200);
  const measure = useCallback(() => {
    const doc = ref.current?.contentDocument;
    if (doc?.documentElement) setHeight(Math.max(80, doc.documentElement.scrollHeight + 4));
  }, []);
  return (
    <div className="xhtml-frame">
      <iframe
        ref={ref}
        className="document-frame"
        title={title}
        sandbox="allow-same-origin"
        srcDoc={frameDocument(xhtml, lang)}
        onLoad={measure}
        style={{ height }}
      />
    </div>
  );
}
