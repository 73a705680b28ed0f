// The websocket is on the server the page came from, by the scheme the page came by (https: wss), so the page
// works behind any proxy without being told its public address. textual.js reads this on load.
(function () {
  var terminal = document.getElementById("terminal");
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  terminal.dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + "/ws";
  document.getElementById("restart").addEventListener("click", function () {
    window.location.href = window.location.pathname;
  });
})();
