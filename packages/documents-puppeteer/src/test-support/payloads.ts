/** Markup an attacker may type into any text of an order: each would load, run or navigate if it were not text. */
export function hostilePayloads(port: number): Record<string, string> {
  const at = `http://127.0.0.1:${port}`;
  return {
    img: `<img src=${at}/img>`,
    iframeFile: `<iframe src=file:///etc/passwd></iframe>`,
    imgFile: `<img src=file:///etc/passwd>`,
    objectFile: `<object data=file:///etc/passwd></object><embed src=file:///etc/passwd>`,
    stylesheet: `<link rel=stylesheet href=${at}/c>`,
    script: `<script>fetch('${at}/script')</script>`,
    scriptDom: `<script>document.body.innerHTML='PWNED'</script>`,
    onerror: `<img src=x onerror="fetch('${at}/onerror')">`,
    webSocket: `<script>new WebSocket('ws://127.0.0.1:${port}/ws')</script>`,
    styleElement: `<style>@import url(${at}/import); body { background: url(${at}/css) }</style>`,
    styleAttribute: `<div style="background-image: url(${at}/attr)">styled</div>`,
    attributeBreakout: `"><img src=${at}/breakout>`,
    svgImage: `<svg><image href="${at}/svg.png"/></svg>`,
    video: `<video poster=${at}/poster src=${at}/video></video>`,
    base: `<base href="${at}/base/"><img src=relative.png>`,
    metaRefresh: `<meta http-equiv="refresh" content="0;url=${at}/refresh">`,
    dataIframe: `<iframe src="data:text/html,<img src=${at}/nested><script>fetch('${at}/nested-js')</script>"></iframe>`,
    srcdoc: `<iframe srcdoc="<img src=${at}/srcdoc>"></iframe>`,
    prefetch: `<link rel=prefetch href=${at}/prefetch>`,
    preload: `<link rel=preload as=image href=${at}/preload.png>`,
    preconnect: `<link rel=preconnect href=${at}><link rel=dns-prefetch href=${at}>`,
    icon: `<link rel=icon href=${at}/favicon.ico>`,
    chrome: `<iframe src=chrome://version></iframe>`,
    form: `<form action=${at}/form><input type=submit value=Go></form>`,
  };
}

/** All payloads in one string. */
export function allPayloads(port: number): string {
  return Object.values(hostilePayloads(port)).join(' ');
}
