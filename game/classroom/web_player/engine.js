/* Jangal's engine for the browser: the rules of game/play/engine.py over the data of game/classroom/web_data.py.
   Pure functions of (story, state): no DOM, no storage, so the conformance test can drive it on its own.
   A state is plain data with the same JSON form as GameState.to_json(). */
"use strict";

const JangalEngine = (() => {
  const blank = () => Object.create(null);

  function copy(values) {
    const made = blank();
    for (const key of Object.keys(values)) made[key] = values[key];
    return made;
  }

  /* A condition's data form (web_conditions.py), evaluated against a state. */
  function test(node, state) {
    switch (node[0]) {
      case "k": return node[1];
      case "v": return state.variables[node[1]];
      case "f": return state.flags.includes(node[1]);
      case "seen": return (state.visits[node[1]] || 0) > 0;
      case "n": return state.visits[node[1]] || 0;
      case "not": return !test(node[1], state);
      case "neg": return -test(node[1], state);
      case "+": return test(node[1], state) + test(node[2], state);
      case "-": return test(node[1], state) - test(node[2], state);
      case "and": return node.slice(1).every((part) => test(part, state));
      case "or": return node.slice(1).some((part) => test(part, state));
      case "cmp": return chain(node, state);
      default: throw new Error(`unknown condition node ${node[0]}`);
    }
  }

  function chain(node, state) {
    let left = test(node[1], state);
    for (let at = 2; at < node.length; at += 2) {
      const right = test(node[at + 1], state);
      if (!compare(node[at], left, right)) return false;
      left = right;
    }
    return true;
  }

  function compare(op, left, right) {
    switch (op) {
      case "==": return left === right;
      case "!=": return left !== right;
      case "<": return left < right;
      case "<=": return left <= right;
      case ">": return left > right;
      case ">=": return left >= right;
      default: throw new Error(`unknown comparison ${op}`);
    }
  }

  class Engine {
    constructor(story) {
      if (!story || story.format !== "jangal-web-story" || story.version !== 2) {
        throw new Error("this page's story data is not in the shape this player reads");
      }
      this.story = story;
      this.scenes = new Map(story.scenes.map((scene) => [scene.id, scene]));
      this.chapters = new Map(story.chapters.map((chapter) => [chapter.id, chapter]));
      this.declared = new Map(story.variables.map((variable) => [variable.name, variable]));
      this.language = story.language || "en";  // a translated edition's; web_words.py gives its words
      this.words = story.words && typeof story.words === "object" ? story.words : {};
    }

    /* The player's words in the edition's language (English where it has none), each {field} filled in,
       as Python's str.format fills game/locale's translations. */
    t(english, fields = {}) {
      const text = Object.hasOwn(this.words, english) && typeof this.words[english] === "string" ? this.words[english] : english;
      return text.replace(/\{(\w+)\}/g, (all, key) => (Object.hasOwn(fields, key) ? String(fields[key]) : all));
    }

    /* A number in the edition's digits (Persian digits in Persian), as game/play/language.local_digits. */
    digits(value) {
      const text = String(value);
      return this.language.split("_")[0] === "fa" ? text.replace(/[0-9]/g, (digit) => "۰۱۲۳۴۵۶۷۸۹"[digit]) : text;
    }

    scene(state) { return this.scenes.get(state.scene); }

    /* Effects applied in order to variables and flags (game/play/effects.py: set, add clamped, flags). */
    apply(steps, variables, flags) {
      if (!steps.length) return [variables, flags];
      const values = copy(variables);
      const on = new Set(flags);
      for (const [kind, name, amount] of steps) {
        if (kind === "set") values[name] = amount;
        else if (kind === "add") values[name] = this.clamp(name, values[name] + amount);
        else if (kind === "on") on.add(name);
        else on.delete(name);
      }
      return [values, [...on].sort(byCodePoint)];
    }

    clamp(name, value) {
      const variable = this.declared.get(name);
      if (variable.min !== null && value < variable.min) return variable.min;
      if (variable.max !== null && value > variable.max) return variable.max;
      return value;
    }

    /* The state at the start of the story, or of a chapter with history's state by then. */
    newGame(chapter = null) {
      let variables = blank();
      for (const variable of this.story.variables) variables[variable.name] = variable.start;
      let flags = this.story.flags.filter((flag) => flag.start).map((flag) => flag.name).sort(byCodePoint);
      let start = this.story.start;
      if (chapter !== null) {
        const found = this.chapters.get(chapter);
        if (!found) throw new Error(`there is no chapter \`${chapter}\``);
        [variables, flags] = this.apply(found.preset, variables, flags);
        start = found.start;
      }
      [variables, flags] = this.apply(this.scenes.get(start).enter, variables, flags);
      const visits = blank();
      visits[start] = 1;
      return { scene: start, origin: chapter, variables, flags, visits, path: [] };
    }

    isOpen(state, index) {
      const choice = this.scene(state).choices[index];
      return choice !== undefined && (choice.if === null || Boolean(test(choice.if, state)));
    }

    /* What to show: the scene, the text blocks this state selects, and its choices (hidden closed ones left out). */
    view(state) {
      const scene = this.scene(state);
      const options = [];
      scene.choices.forEach((choice, index) => {
        const open = choice.if === null || Boolean(test(choice.if, state));
        if (open || choice.locked) {
          options.push({ index, text: choice.text, open, reason: open ? "" : choice.locked, historical: choice.history });
        }
      });
      return { scene, text: this.text(scene.text, state), options, ending: scene.ending };
    }

    text(blocks, state) {
      const shown = [];
      for (const block of blocks) {
        if (block.if === undefined) shown.push(block);
        else shown.push(...this.text(test(block.if, state) ? block.then : block.else || [], state));
      }
      return shown;
    }

    /* Make a choice: the new state and the step added; an Error when it does not exist or is closed. */
    choose(state, index) {
      const scene = this.scene(state);
      if (scene.ending) throw new Error("the story has ended here: there is nothing left to choose");
      const choice = scene.choices[index];
      if (choice === undefined) throw new Error(`there is no choice ${index + 1} here (there are ${scene.choices.length})`);
      if (!this.isOpen(state, index)) {
        throw new Error(`choice ${index + 1} is not open: ${choice.locked || "its condition is not met"}`);
      }
      const step = { scene: scene.id, choice: index, historical: scene.historical, variables: state.variables, flags: state.flags };
      const target = this.scenes.get(choice.goto);
      const [variables, flags] = this.apply([...choice.effects, ...target.enter], state.variables, state.flags);
      const visits = copy(state.visits);
      visits[choice.goto] = (visits[choice.goto] || 0) + 1;
      const next = { scene: choice.goto, origin: state.origin, variables, flags, visits, path: [...state.path, step] };
      return { state: next, step, choice };
    }

    /* Go back `steps` choices (as many as were made, at most). */
    undo(state, steps = 1) {
      const visits = copy(state.visits);
      let { scene, variables, flags } = state;
      const path = state.path.slice();
      for (let done = 0; done < steps && path.length; done += 1) {
        visits[scene] = (visits[scene] || 1) - 1;
        if (visits[scene] <= 0) delete visits[scene];
        const last = path.pop();
        ({ scene, variables, flags } = last);
      }
      return { scene, origin: state.origin, variables, flags, visits, path };
    }

    /* How many choices were decisions, and the steps where the player left history. */
    divergence(state) {
      const decisions = state.path.filter((step) => step.historical !== null);
      return { decisions: decisions.length, departures: decisions.filter((step) => step.choice !== step.historical) };
    }

    divergenceSentence(state) {
      const { decisions, departures } = this.divergence(state);
      if (!decisions) return this.t("You made no decision where history's choice is known.");
      const fields = { followed: this.digits(decisions - departures.length), decisions: this.digits(decisions) };
      if (departures.length) return this.t("You followed history at {followed} of {decisions} decisions.", fields);
      return this.t("You followed history at {followed} of {decisions} decisions: your path is history's path.", fields);
    }

    /* What was really decided at a step's scene ("" where history decided nothing): the scene's `decision:`. */
    decisionSentence(step) {
      const scene = this.scenes.get(step.scene);
      return scene && step.historical !== null ? scene.decision : "";
    }

    /* As Engine.verdict: the decision sentence, and history's choice when the player left it; "" elsewhere. */
    verdict(step) {
      const sentence = this.decisionSentence(step);
      if (!sentence || step.choice === step.historical) return sentence;
      return this.t("{decision}. History's choice here: {historical}", {
        decision: sentence.replace(/\.+$/, ""), historical: this.historicalText(step) || this.t("(no longer in the story)"),
      });
    }

    historicalText(step) {
      const scene = this.scenes.get(step.scene);
      if (!scene || step.historical === null || step.historical >= scene.choices.length) return "";
      return scene.choices[step.historical].text;
    }

    /* History's choice when it is open here, else the first open choice; null where nothing can be chosen. */
    historyOrFirst(state) {
      const scene = this.scene(state);
      if (scene.historical !== null && this.isOpen(state, scene.historical)) return scene.historical;
      const open = this.view(state).options.find((option) => option.open);
      return open ? open.index : null;
    }

    /* Replay (scene, index) picks from a start; an Error naming the first that does not fit. */
    follow(state, picks) {
      picks.forEach(([scene, index], number) => {
        if (state.scene !== scene) throw new Error(`choice ${number + 1} was made in scene \`${scene}\`, but the game is in \`${state.scene}\``);
        state = this.choose(state, index).state;
      });
      return state;
    }
  }

  /* Python sorts strings by code point; JavaScript's default sort compares UTF-16 units. */
  function byCodePoint(a, b) {
    const left = [...a], right = [...b];
    for (let at = 0; at < Math.min(left.length, right.length); at += 1) {
      const diff = left[at].codePointAt(0) - right[at].codePointAt(0);
      if (diff) return diff;
    }
    return left.length - right.length;
  }

  return { Engine, test, byCodePoint };
})();
