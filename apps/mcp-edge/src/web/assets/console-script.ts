/**
 * The console's only script, served from /ui/assets (no inline script, so the CSP can
 * forbid it). Pages work without it; with it, an open page follows the server-sent events
 * of /ui/events: on `approval` or `operation` it fetches itself again and swaps in the
 * regions marked `data-live` that listen for that event. Markup comes only from the
 * server's templates (escaped there), parsed inert by DOMParser; a row the operator is
 * typing in or focused on is kept as it is.
 */
export const CONSOLE_SCRIPT = `'use strict';
(function () {
  var regions = function () { return Array.prototype.slice.call(document.querySelectorAll('[data-live]')); };
  if (!window.EventSource || !window.fetch || regions().length === 0) return;
  var pending = {};
  var timer = 0;
  var busy = function (element) {
    if (element.contains(document.activeElement)) return true;
    return Array.prototype.some.call(element.querySelectorAll('input[type="text"], textarea'), function (input) {
      return input.value !== '';
    });
  };
  var merge = function (region, fresh) {
    var kept = {};
    Array.prototype.forEach.call(region.children, function (child) {
      var key = child.getAttribute('data-key');
      if (key && busy(child)) kept[key] = child;
    });
    var next = Array.prototype.map.call(fresh.children, function (child) {
      var key = child.getAttribute('data-key');
      return (key && kept[key]) || document.importNode(child, true);
    });
    region.replaceChildren.apply(region, next);
  };
  var refresh = function () {
    var names = pending;
    pending = {};
    var targets = regions().filter(function (region) {
      return region.getAttribute('data-live').split(' ').some(function (name) { return names[name]; });
    });
    if (targets.length === 0) return;
    fetch(location.href, { credentials: 'same-origin', headers: { 'X-MPC-Live-Refresh': '1' } }).then(function (response) {
      if (response.redirected || response.status === 401) { location.reload(); return; }
      if (!response.ok) return;
      return response.text().then(function (text) {
        var page = new DOMParser().parseFromString(text, 'text/html');
        targets.forEach(function (region) {
          var fresh = page.getElementById(region.id);
          if (fresh) merge(region, fresh);
        });
      });
    }).catch(function () { /* the next event tries again */ });
  };
  var events = new EventSource('/ui/events');
  ['approval', 'operation'].forEach(function (name) {
    events.addEventListener(name, function () {
      pending[name] = true;
      clearTimeout(timer);
      timer = setTimeout(refresh, 150);
    });
  });
  events.addEventListener('signed-out', function () { events.close(); location.reload(); });
})();
`;
