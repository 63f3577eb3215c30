// Jangal's served page: which game this tab plays, and where its websocket goes.
// Runs before textual.js's window.onload, which reads the terminal's data attributes.
(function () {
  "use strict";
  var KEY = "jangal-game";
  var TOKEN = /^[0-9a-f]{32}$/;

  function newToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes); // works on plain http too, unlike randomUUID
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // The game token: from the address (?game=, the way back the quit dialog shows), else the one this
  // browser kept, else a new one. A reload therefore continues the same game in the same save folder.
  function gameToken() {
    var given = new URLSearchParams(window.location.search).get("game");
    var stored = null;
    try { stored = window.localStorage.getItem(KEY); } catch (error) { /* storage off: one game per page */ }
    var token = given && TOKEN.test(given) ? given : stored && TOKEN.test(stored) ? stored : newToken();
    try { window.localStorage.setItem(KEY, token); } catch (error) { /* as above */ }
    return token;
  }

  // The game is laid out for at least 60x20 cells. On a small window (a phone in landscape) a smaller
  // font gets there, down to 12 px; below that the game's too-small screen says what to do.
  var MIN_COLUMNS = 60, MIN_ROWS = 20, SMALLEST = 12;
  var CELL_WIDTH = 0.6, CELL_HEIGHT = 1.32; // Roboto Mono's advance and xterm.js's line, per px of font

  function fittingSize(wanted) {
    for (var size = wanted; size >= SMALLEST; size--) {
      var columns = Math.floor(window.innerWidth / (size * CELL_WIDTH));
      var rows = Math.floor(window.innerHeight / Math.ceil(size * CELL_HEIGHT));
      if (columns >= MIN_COLUMNS && rows >= MIN_ROWS) { return size; }
    }
    return wanted;
  }

  var terminal = document.getElementById("terminal");
  var wanted = parseInt(terminal.dataset.fontSize, 10) || 16;
  var chosen = fittingSize(wanted);
  terminal.dataset.fontSize = String(chosen);
  // xterm.js keeps its font size: when a turned phone needs another one, reload (the game continues).
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      if (fittingSize(wanted) !== chosen) { window.location.reload(); }
    }, 700);
  });

  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  // Built from the address the browser used, never from the one the server was bound to (0.0.0.0).
  terminal.dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + "/ws/" + gameToken();

  // When the server refuses or ends a game it says why in the close frame: show that, not a bare "ended".
  var Native = window.WebSocket;
  function Explained(url, protocols) {
    var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("close", function (event) {
      var message = document.querySelector(".closed-dialog .message");
      if (event.reason && message) { message.textContent = event.reason; }
    });
    return socket;
  }
  Explained.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) { Explained[name] = Native[name]; });
  window.WebSocket = Explained;

  document.getElementById("reload").addEventListener("click", function () {
    window.location.href = window.location.pathname + window.location.search;
  });
})();
