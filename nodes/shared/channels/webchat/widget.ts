/**
 * The embed script any website adds with one tag: a floating button that opens the chat page
 * in an iframe. The page URL is baked in here, so the site needs no configuration. A site that
 * verifies its visitors adds its key and, for a logged-in customer, their signed id to the tag
 * (data-site-key, data-customer-id, data-signature and, where it signs with an end, data-expires); they reach the page in the URL's fragment,
 * which browsers never send to a server, so no access log keeps them.
 */
export function renderWidgetScript(pageUrl: string, label: string): string {
	const config = JSON.stringify({ pageUrl, label });
	return `(function () {
  var c = ${config};
  if (document.getElementById('cc-chat-button')) return;
  var tag = document.currentScript || {};
  var data = tag.dataset || {};
  var proof = [['key', data.siteKey], ['customer', data.customerId], ['signature', data.signature], ['expires', data.expires]]
    .filter(function (p) { return p[1]; })
    .map(function (p) { return p[0] + '=' + encodeURIComponent(p[1]); })
    .join('&');
  var button = document.createElement('button');
  button.id = 'cc-chat-button';
  button.textContent = c.label;
  button.style.cssText = 'position:fixed;right:20px;bottom:20px;z-index:2147483000;padding:12px 18px;border:0;border-radius:24px;background:#2f5bea;color:#fff;font:15px system-ui,sans-serif;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.25)';
  var frame = null;
  button.addEventListener('click', function () {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = c.pageUrl + (proof ? '#' + proof : '');
      frame.title = c.label;
      frame.style.cssText = 'position:fixed;right:20px;bottom:76px;z-index:2147483000;width:min(380px,calc(100vw - 40px));height:min(560px,calc(100vh - 100px));border:0;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.3);background:#fff';
      document.body.appendChild(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
  });
  document.body.appendChild(button);
})();
`;
}
