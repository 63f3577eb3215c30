/* The no-server edition's page: every screen drawn from the engine's state, every story text put in with
   text nodes (never as markup), the game kept in the browser's local storage. */
"use strict";

(() => {
  const STORE_FORMAT = "jangal-web-save";
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("jangal-story").textContent);
  const engine = new JangalEngine.Engine(data);
  const story = engine.story;
  const T = (english, fields) => engine.t(english, fields);  // the player's words in the edition's language
  const N = (value) => engine.digits(value);
  const prefix = `jangal:${story.id}:`;
  const TAGS = new Set(["p", "em", "strong", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "hr", "br", "s"]);
  let state = null;
  let lastTurn = null;

  /* ---- building elements: text always through text nodes ---- */
  function el(tag, attributes = {}, ...children) {
    const made = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (key === "text") made.textContent = value;
      else if (key === "onclick") made.addEventListener("click", value);
      else if (value !== false && value !== null && value !== undefined) made.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) made.append(child);
    return made;
  }

  /* Each source in a <bdi>: a Latin title inside Persian text (or the other way round) keeps its own
     order, and the separators between sources take the paragraph's direction. */
  function sourcesLine(sources) {
    const [before, after] = T("Sources: {sources}", { sources: "\u0000" }).split("\u0000");
    const line = el("p", { class: "sources" }, before);
    sources.forEach((source, index) => {
      if (index) line.append(T("; "));
      line.append(el("bdi", {}, ...latinRunsApart(source)));
    });
    line.append(after || "");
    return line;
  }

  /* A source's Latin titles (in a translated edition) each in a left-to-right <bdi>, kept on one line when
     short: a title split across lines of right-to-left text reads in a confusing order. A run stops at a
     bracket, so a bracket and its partner stay on the same side. */
  function latinRunsApart(source) {
    const parts = [];
    let last = 0;
    for (const run of source.matchAll(/[A-Za-z][A-Za-z0-9 ,.:;'’&\-–]*[A-Za-z0-9.]/g)) {
      parts.push(source.slice(last, run.index));
      parts.push(el("bdi", { dir: "ltr", class: run[0].length <= 40 ? "latin short" : "latin", text: run[0] }));
      last = run.index + run[0].length;
    }
    parts.push(source.slice(last));
    return parts.filter((part) => part !== "");
  }

  function tree(nodes, parent) {
    for (const node of nodes) {
      if (typeof node === "string") parent.append(document.createTextNode(node));
      else if (Array.isArray(node) && TAGS.has(node[0])) parent.append(tree(node.slice(1), document.createElement(node[0])));
    }
    return parent;
  }

  const prose = (pieces, className = "prose") => tree(pieces.flatMap((part) => part.view), el("div", { class: className }));
  const fill = (target, ...children) => { target.replaceChildren(...children.filter(Boolean)); return target; };
  const button = (label, action, extra = {}) => el("button", { type: "button", onclick: action, ...extra, text: label });

  /* ---- local storage: every read checked, anything unreadable set aside with a message ---- */
  const notices = [];
  function readStored(key) {
    let raw;
    try { raw = localStorage.getItem(prefix + key); } catch { notice(T("This browser keeps nothing for this page: progress lasts only while the tab is open.")); return null; }
    if (raw === null) return null;
    try { return JSON.parse(raw); } catch { notice(T("A stored entry ({key}) could not be read and was ignored.", { key })); return null; }
  }
  function writeStored(key, value) {
    try { localStorage.setItem(prefix + key, JSON.stringify(value)); return true; } catch { notice(T("The browser refused to store the game (storage full or switched off).")); return false; }
  }
  function removeStored(key) { try { localStorage.removeItem(prefix + key); } catch { /* nothing stored to remove */ } }
  function notice(message) { if (!notices.includes(message)) notices.push(message); drawNotices(); }
  function drawNotices() { fill($("notices"), ...notices.map((message) => el("p", { class: "notice", role: "status", text: message }))); }

  const record = (game) => ({ format: STORE_FORMAT, version: 1, story: story.id, fingerprint: story.fingerprint,
    origin: game.origin, picks: game.path.map((step) => [step.scene, step.choice]), scene: engine.scene(game).title, saved: new Date().toISOString() });

  /* A stored game replayed on the engine: only the picks are trusted, and only if the story still plays them. */
  function restore(entry, what) {
    const shaped = entry && entry.format === STORE_FORMAT && entry.story === story.id && Array.isArray(entry.picks)
      && (entry.origin === null || typeof entry.origin === "string")
      && entry.picks.every((pick) => Array.isArray(pick) && typeof pick[0] === "string" && Number.isInteger(pick[1]));
    if (!shaped) { notice(T("{what} is not a game of this story and was ignored.", { what })); return null; }
    try { return engine.follow(engine.newGame(entry.origin), entry.picks); } catch (error) {
      notice(T("{what} no longer plays in this version of the story ({reason}) and was ignored.", { what, reason: error.message }));
      return null;
    }
  }
  const autosave = () => { if (state) writeStored("autosave", record(state)); };
  function endingsFound() { const found = readStored("endings"); return Array.isArray(found) ? found.filter((id) => typeof id === "string") : []; }
  function savedGames() { const saves = readStored("saves"); return saves && typeof saves === "object" && !Array.isArray(saves) ? saves : {}; }

  /* ---- screens ---- */
  const SCREENS = ["title-screen", "play-screen", "log-screen", "codex-screen", "timeline-screen", "saves-screen"];
  function show(screen, focus = true) {
    for (const id of SCREENS) $(id).hidden = id !== screen;
    for (const tab of document.querySelectorAll("[data-screen]")) tab.setAttribute("aria-current", String(tab.dataset.screen === screen));
    const heading = $(screen).querySelector("h2");
    if (focus && heading) heading.focus();
  }

  function drawTitle() {
    const main = $("title-screen");
    const continuing = readStored("autosave");
    const game = continuing ? restore(continuing, T("The game in progress")) : null;
    const chapters = el("ol", { class: "chapters" }, ...story.chapters.map((chapter) => el("li", {},
      el("h4", { text: chapter.title }), chapter.summary ? el("p", { text: chapter.summary }) : null,
      button(T("Start at “{chapter}”", { chapter: chapter.title }), () => startAgain(chapter.id)))));
    const found = endingsFound();
    const endings = story.scenes.filter((scene) => scene.ending);
    fill(main,
      el("h2", { tabindex: "-1", text: story.title }),
      story.blurb ? el("p", { class: "blurb", text: story.blurb }) : null,
      prose([story.viewpoint], "prose viewpoint"),
      el("div", { class: "actions" },
        game ? button(T("Continue ({scene})", { scene: engine.scene(game).title }), () => { state = game; drawPlay(); }, { id: "continue", class: "primary" }) : null,
        button(T("New game"), () => startAgain(null), { id: "new-game", class: game ? "" : "primary" }),
        button(T("Saved games"), () => drawSaves())),
      story.chapters.length ? el("section", { class: "panel" }, el("h3", { text: T("Chapter select") }),
        el("p", { class: "hint", text: T("Each chapter starts with the state history had reached by then.") }), chapters) : null,
      el("section", { class: "panel", id: "endings-found" }, el("h3", { text: T("Endings found: {found} of {total}", { found: N(found.filter((id) => endings.some((s) => s.id === id)).length), total: N(endings.length) }) }),
        el("ul", {}, ...endings.map((scene) => el("li", { class: found.includes(scene.id) ? "found" : "unfound",
          text: found.includes(scene.id) ? `${scene.ending.title} (${scene.ending.kindLabel})` : T("not found yet") })))));
    show("title-screen");
  }

  function startAgain(chapter) {
    const begin = () => { state = engine.newGame(chapter); lastTurn = null; autosave(); drawPlay(); };
    if (state && state.path.length) confirmThen(T("Start again? The game in progress is replaced (save it first to keep it)."), begin);
    else begin();
  }

  function confirmThen(question, action) {
    const dialog = $("confirm");
    fill($("confirm-text"), document.createTextNode(question));
    $("confirm-yes").onclick = () => { dialog.close(); action(); };
    $("confirm-no").onclick = () => dialog.close();
    dialog.showModal();
    $("confirm-no").focus();
  }

  function drawStatus() {
    const items = story.variables.map((variable) => {
      const value = state.variables[variable.name];
      const ranged = variable.min !== null && variable.max !== null;
      return el("li", {}, el("span", { class: "label", text: variable.label }), el("span", { class: "value", text: N(value) }),
        ranged ? el("meter", { min: variable.min, max: variable.max, value, "aria-label": variable.label }) : null);
    });
    const flags = story.flags.filter((flag) => state.flags.includes(flag.name)).map((flag) => el("li", { class: "flag", text: flag.label }));
    return el("aside", { class: "status", "aria-label": T("Status") }, el("h3", { text: T("Status") }), el("ul", {}, ...items, ...flags));
  }

  function lens(view) {
    const scene = view.scene;
    const parts = [el("h3", { text: T("History lens") })];
    const verdict = lastTurn ? engine.verdict(lastTurn.step) : "";
    if (verdict) {  // only after a real decision: a choice of Yahya's own is just a choice
      const followed = lastTurn.step.choice === lastTurn.step.historical;
      parts.push(el("p", { class: followed ? "followed" : "departed",
        text: followed ? T("✓ History: {verdict}", { verdict }) : T("✗ History went another way: {verdict}", { verdict }) }));
    }
    if (scene.note) {
      parts.push(el("p", { class: `reliability ${scene.note.reliability}`, text: T("Historical note ({reliability})", { reliability: scene.note.label }) }), prose([scene.note.text]));
      if (scene.note.sources.length) parts.push(sourcesLine(scene.note.sources));
    } else parts.push(el("p", { class: "hint", text: T("No historical note for this scene.") }));
    return el("details", { class: "lens", open: true }, el("summary", { text: T("History lens") }), ...parts.slice(1));
  }

  function drawPlay() {
    const view = engine.view(state);
    const scene = view.scene;
    const byline = [scene.when, scene.chapterTitle].filter(Boolean).join(" · ");
    const shown = lastTurn ? engine.text(lastTurn.choice.consequence, state) : [];  // by the state the choice led to
    const consequence = shown.some((part) => JangalTranscript.strip(part.md)) ? prose(shown, "prose consequence") : null;
    const choices = el("ol", { class: "choices", id: "choices" }, ...view.options.map((option, at) => el("li", {},
      el("button", { type: "button", class: "choice", disabled: !option.open, "data-index": option.index,
        "aria-describedby": option.open ? null : `reason-${option.index}`, onclick: () => choose(option.index) },
        el("span", { class: "key", "aria-hidden": "true", text: at < 9 ? N(at + 1) : "" }), el("span", { text: option.text })),
      option.open ? null : el("p", { class: "reason", id: `reason-${option.index}`, text: T("Closed: {reason}", { reason: option.reason }) }))));
    fill($("play-screen"),
      el("article", { class: "scene" },
        consequence,
        el("h2", { tabindex: "-1", id: "scene-title", text: scene.title }),
        byline ? el("p", { class: "byline", text: byline }) : null,
        prose(view.text),
        view.ending ? endingPanel(view) : choices,
        el("div", { class: "actions" },
          button(T("Undo"), () => undo(1), { id: "undo", disabled: !state.path.length }),
          view.ending ? null : button(T("Hand in"), () => handIn()),
          button(T("Save"), () => drawSaves()),
          button(T("Start again"), () => startAgain(state.origin)))),
      el("div", { class: "side" }, lens(view), drawStatus()));
    $("announce").textContent = view.ending ? T("{scene}: the end", { scene: scene.title }) : scene.title;
    show("play-screen");
  }

  function endingPanel(view) {
    const ending = view.ending;
    const found = endingsFound();
    if (!found.includes(view.scene.id)) writeStored("endings", [...found, view.scene.id]);
    return el("section", { class: "ending", id: "ending" },
      el("h3", { class: "ending-title", text: T("The end: {ending} ({kind})", { ending: ending.title, kind: ending.kindLabel }) }),
      prose(engine.text(ending.epilogue, state)),
      el("p", { class: "divergence", text: engine.divergenceSentence(state) }),
      el("h3", { text: T("What really happened") }), prose([ending.history]),
      ending.explanations.length ? el("h3", { text: T("What historians say") }) : null,
      ending.explanations.length ? el("div", { class: "explanations" }, ...ending.explanations.map((item) =>
        el("section", {}, el("h4", { text: item.who }), prose([item.view])))) : null,
      ending.questions.length ? el("h3", { text: T("Questions for discussion") }) : null,
      ending.questions.length ? el("ol", { class: "questions" }, ...ending.questions.map((question) => el("li", { text: question }))) : null,
      el("div", { class: "hand-in" }, el("h3", { text: T("Hand in") }), handInForm()));
  }

  function handInForm() {
    const input = el("input", { id: "student-name", type: "text", maxlength: "80", autocomplete: "name", value: readStored("name") || "" });
    const message = el("p", { id: "hand-in-message", role: "status" });
    const form = el("form", { class: "hand-in-form" }, el("label", { for: "student-name", text: T("Your name") }), input,
      el("button", { type: "submit", id: "download", text: T("Download my transcript") }), message);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      try {
        const made = JangalTranscript.markdown(engine, state, input.value);
        writeStored("name", made.name);
        const link = el("a", { href: URL.createObjectURL(new Blob([made.text], { type: "text/markdown;charset=utf-8" })),
          download: `${JangalTranscript.fileStem(made.name)}-${made.code}.md` });
        document.body.append(link);
        link.click();
        link.remove();
        fill(message, document.createTextNode(T("Downloaded. Verification code {code}: hand the file in to your teacher.", { code: made.code })));
      } catch (error) { fill(message, document.createTextNode(T("Not written: {reason}.", { reason: error.message }))); }
    });
    return form;
  }

  function handIn() {
    fill($("play-screen").querySelector(".actions"), el("div", { class: "hand-in" }, el("h3", { text: T("Hand in the game so far") }), handInForm()));
    $("student-name").focus();
  }

  function choose(index) {
    if (!engine.isOpen(state, index) || engine.scene(state).ending) return;
    lastTurn = engine.choose(state, index);
    state = lastTurn.state;
    autosave();
    drawPlay();
  }

  function undo(steps) {
    state = engine.undo(state, steps);
    lastTurn = null;
    autosave();
    drawPlay();
  }

  function drawLog() {
    if (!state) return drawTitle();
    const rows = state.path.map((step, at) => {
      const scene = engine.scenes.get(step.scene);
      const followed = step.historical === null ? null : step.choice === step.historical;
      return el("tr", { class: followed === null ? "neutral" : followed ? "followed" : "departed" },
        el("td", { text: N(at + 1) }), el("td", { text: scene.title }), el("td", { text: scene.choices[step.choice].text }),
        el("td", { text: followed === null ? "—" : engine.historicalText(step) }),
        el("td", { class: "mark", text: followed === null ? "·" : followed ? "✓" : "✗" }),
        el("td", {}, button(T("Go back here"), () => undo(state.path.length - at), { "aria-label": T("Go back to choice {number}", { number: N(at + 1) }) })));
    });
    fill($("log-screen"), el("h2", { tabindex: "-1", text: T("Log: your path beside history's") }),
      el("p", { text: engine.divergenceSentence(state) }),
      rows.length ? el("table", {}, el("thead", {}, el("tr", {}, ...["#", T("Scene"), T("Your choice"), T("History's choice"), "✓/✗", ""].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, ...rows)) : el("p", { class: "hint", text: T("No choice made yet.") }));
    show("log-screen");
  }

  function drawCodex() {
    const seen = new Set(state ? [...state.path.map((step) => step.scene), state.scene] : []);
    const known = new Set(story.scenes.filter((scene) => seen.has(scene.id)).flatMap((scene) => scene.codex));
    const entries = story.codex.filter((entry) => known.has(entry.id));
    const kinds = { person: T("Persons"), place: T("Places"), faction: T("Factions"), term: T("Terms") };
    const sections = Object.keys(kinds).map((kind) => {
      const some = entries.filter((entry) => entry.kind === kind);
      return some.length ? el("section", {}, el("h3", { text: kinds[kind] }), ...some.map((entry) =>
        el("article", { class: "entry" }, el("h4", { text: entry.name }), el("p", { class: "reliability", text: entry.reliability }), prose([entry.text])))) : null;
    });
    fill($("codex-screen"), el("h2", { tabindex: "-1", text: T("Codex") }),
      el("p", { class: "hint", text: T("{met} of {total} entries met so far.", { met: N(entries.length), total: N(story.codex.length) }) }), ...sections);
    show("codex-screen");
  }

  function drawTimeline() {
    const seen = new Set(state ? [...state.path.map((step) => step.scene), state.scene] : []);
    fill($("timeline-screen"), el("h2", { tabindex: "-1", text: T("Timeline") }),
      el("ol", { class: "timeline" }, ...story.timeline.map((event) => el("li", { class: event.scene && seen.has(event.scene) ? "reached" : "" },
        el("strong", { text: event.when }), document.createTextNode(" "), el("span", { text: event.event }),
        el("span", { class: "hint", text: ` ${[event.place, event.reliability].filter(Boolean).join(" · ")}${event.scene && seen.has(event.scene) ? ` · ${T("you were there")}` : ""}` })))));
    show("timeline-screen");
  }

  function drawSaves() {
    const saves = savedGames();
    const input = el("input", { id: "save-name", type: "text", maxlength: "60", placeholder: T("a name for this save") });
    const form = el("form", {}, el("label", { for: "save-name", text: T("Save the game in progress as") }), input, el("button", { type: "submit", text: T("Save") }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const name = input.value.trim() || new Date().toLocaleString();
      const stored = savedGames();
      stored[name] = record(state);
      if (writeStored("saves", stored)) drawSaves();
    });
    const rows = Object.entries(saves).map(([name, entry]) => el("li", {}, el("strong", { text: name }),
      el("span", { class: "hint", text: ` ${entry && typeof entry.scene === "string" ? entry.scene : ""}` }),
      button(T("Load"), () => { const game = restore(entry, T("The save “{name}”", { name })); if (game) { state = game; lastTurn = null; autosave(); drawPlay(); } }),
      button(T("Delete"), () => confirmThen(T("Delete the save “{name}”?", { name }), () => { const stored = savedGames(); delete stored[name]; writeStored("saves", stored); drawSaves(); }))));
    fill($("saves-screen"), el("h2", { tabindex: "-1", text: T("Saved games") }), state ? form : el("p", { class: "hint", text: T("Start a game to save it.") }),
      rows.length ? el("ul", { class: "saves" }, ...rows) : el("p", { class: "hint", text: T("No saved game yet.") }));
    show("saves-screen");
  }

  /* ---- keys, themes, start ---- */
  document.addEventListener("keydown", (event) => {
    if ($("play-screen").hidden || event.target.closest("input, textarea, dialog") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (/^[1-9]$/.test(event.key)) {
      const buttons = $("play-screen").querySelectorAll("button.choice");
      const chosen = buttons[Number(event.key) - 1];
      if (chosen && !chosen.disabled) { event.preventDefault(); chosen.click(); }
    } else if (event.key === "u" && state && state.path.length) undo(1);
  });

  function setTheme(theme) {
    document.documentElement.dataset.theme = theme;
    $("theme").value = theme;
    writeStored("theme", theme);
  }
  const THEMES = ["light", "dark", "contrast"];
  $("theme").addEventListener("change", (event) => setTheme(event.target.value));
  const storedTheme = readStored("theme");
  setTheme(THEMES.includes(storedTheme) ? storedTheme : matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");

  const DRAW = { title: drawTitle, play: () => (state ? drawPlay() : drawTitle()), log: drawLog, codex: drawCodex, timeline: drawTimeline, saves: drawSaves };
  for (const tab of document.querySelectorAll("[data-screen]")) tab.addEventListener("click", () => DRAW[tab.dataset.screen.replace("-screen", "")]());
  $("story-title").textContent = story.title;
  document.title = story.title;
  drawTitle();
  performance.mark("jangal-title-drawn");
  openFromLink();
  window.addEventListener("hashchange", openFromLink);

  /* `page.html#play`, a link a teacher can share: straight to the game where it stands, the game in progress
     if there is one (a link never replaces it), else a new game at the start. */
  function openFromLink() {
    if (location.hash !== "#play") return;
    const continuing = readStored("autosave");
    const game = continuing ? restore(continuing, T("The game in progress")) : null;
    state = game || engine.newGame(null);
    lastTurn = null;
    if (!game) autosave();
    drawPlay();
    performance.mark("jangal-scene-drawn");  // the bench's first-scene figure (bench/html_page.py)
  }
})();
