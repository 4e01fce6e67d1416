// The conversation, shared by the chat page, /embed and widget.js: asks /api/ask, keeps
// the follow-up history, and draws each answer. Document text is only ever inserted with
// textContent (or as text nodes), never as HTML.
/* exported QAChat */
var QAChat = (function () {
  "use strict";

  var LEVELS = (typeof HEDGE_LEVELS !== "undefined") ? HEDGE_LEVELS : null;  // from widget.js
  var NO_ANSWER = {
    no_match: "Nothing in the documents matches this question: no sentence shares a word " +
      "with it. Try other words.",
    low_confidence: "Some sentences share words with this question, but none answers it " +
      "clearly enough, so rather than guess, no answer is given."
  };
  var uid = 0;

  function levels() {
    if (!LEVELS) {
      var data = document.getElementById("qa-levels");
      LEVELS = data ? JSON.parse(data.textContent) : {};
    }
    return LEVELS;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A badge that explains itself: hover, focus or tap shows the tooltip.
  function badge(cls, label, tip) {
    var wrap = el("span", "tipwrap");
    var id = "qa-tip-" + (++uid);
    var button = el("button", "badge " + cls, label);
    button.type = "button";
    button.setAttribute("aria-describedby", id);
    var tooltip = el("span", "tip", tip);
    tooltip.id = id;
    tooltip.setAttribute("role", "tooltip");
    button.addEventListener("click", function () { wrap.classList.toggle("open"); });
    button.addEventListener("blur", function () { wrap.classList.remove("open"); });
    button.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        wrap.classList.remove("open");
        wrap.classList.add("closed");
      }
    });
    button.addEventListener("focus", function () { wrap.classList.remove("closed"); place(); });
    button.addEventListener("click", place);
    wrap.addEventListener("mouseenter", place);
    wrap.appendChild(button);
    wrap.appendChild(tooltip);
    return wrap;

    // Show the tooltip above the badge when there is no room below it, and aligned to the
    // badge's right when it would run past the right edge (of the scrolling panel that
    // holds it, else of the window).
    function place() {
      wrap.classList.remove("above", "end");
      var bounds = clipRect(wrap);
      var tip = tooltip.getBoundingClientRect();
      if (!tip.height) return;  // not shown
      var box = wrap.getBoundingClientRect();
      if (tip.bottom > bounds.bottom && box.top - tip.height - 8 >= bounds.top) {
        wrap.classList.add("above");
      }
      if (tip.right > bounds.right) wrap.classList.add("end");
    }
  }

  function up(node) {  // the parent element, crossing out of a shadow root
    var p = node.parentNode;
    if (p && p.nodeType === 11) p = p.host;
    return p && p.nodeType === 1 ? p : null;
  }

  function clipRect(node) {
    var rect = { top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth };
    for (var p = up(node); p; p = up(p)) {
      var style = getComputedStyle(p);
      if (/(auto|scroll|hidden)/.test(style.overflowY + style.overflowX)) {
        var r = p.getBoundingClientRect();
        rect = { top: Math.max(rect.top, r.top), left: Math.max(rect.left, r.left),
                 bottom: Math.min(rect.bottom, r.bottom), right: Math.min(rect.right, r.right) };
      }
    }
    return rect;
  }

  function hedgeBadge(hedge) {
    var level = (hedge && hedge.level) || "none";
    var info = levels()[level] || { label: level, meaning: "" };
    var cues = (hedge && hedge.cues) || [];
    var tip = info.meaning + " " + (cues.length
      ? "Set by: " + cues.map(function (c) { return "\u201c" + c + "\u201d"; }).join(", ") + "."
      : "No hedging words found.");
    return badge("lvl-" + level, info.label, tip);
  }

  function facts(passage) {
    var row = el("div", "facts");
    row.appendChild(hedgeBadge(passage.hedge));
    if (passage.hedge && passage.hedge.disputed) {
      row.appendChild(badge("disputed", "disputed",
        "The text reports that this claim is denied, rejected or disputed."));
    }
    var a = passage.attribution || {};
    var who = el("span", "attr");
    if (a.source) {
      who.appendChild(el("span", "who", a.source));
      if (a.cue) who.appendChild(document.createTextNode(" \u00b7 " + a.cue));
    } else {
      who.textContent = "in the article\u2019s own voice";
      who.classList.add("own");
    }
    row.appendChild(who);
    return row;
  }

  function sourceLink(passage, opts) {
    var p = el("p", "from");
    var id = encodeURIComponent(passage.document.id).replace(/%2F/g, "/");
    var link = el("a", null, passage.document.title || passage.document.id);
    link.href = opts.base + "/documents/" + id + "#s" + passage.index;
    if (opts.newTab) { link.target = "_blank"; link.rel = "noopener"; }
    p.appendChild(document.createTextNode("From "));
    p.appendChild(link);
    p.appendChild(document.createTextNode(", sentence " + (passage.index + 1)));
    var meta = el("span", "docmeta-inline");
    p.appendChild(meta);
    documentMeta(passage.document, opts).then(function (doc) {
      var parts = [];
      if (doc.publisher) parts.push(doc.publisher);
      if (doc.date) parts.push(doc.date);
      if (parts.length) meta.textContent = " \u00b7 " + parts.join(", ");
    });
    return p;
  }

  // A document's date and publisher: from the passage's document object when it carries
  // them, else from GET /api/documents/<id> (asked once per document).
  var metaCache = {};
  function documentMeta(doc, opts) {
    if ("date" in doc || "publisher" in doc) return Promise.resolve(doc);
    var key = opts.base + "\n" + doc.id;
    if (!metaCache[key]) {
      var id = encodeURIComponent(doc.id).replace(/%2F/g, "/");
      metaCache[key] = fetch(opts.base + "/api/documents/" + id,
                             { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (body) { return { date: body.date, publisher: body.publisher }; })
        .catch(function () { return {}; });
    }
    return metaCache[key];
  }

  // The sentence with the answer span in a <mark>.
  function sentence(answer) {
    var s = answer.sentence;
    var q = el("blockquote", "sentence");
    var span = answer.span;
    if (span && s.text.slice(span.start, span.end) === answer.text) {
      q.appendChild(document.createTextNode(s.text.slice(0, span.start)));
      q.appendChild(el("mark", null, answer.text));
      q.appendChild(document.createTextNode(s.text.slice(span.end)));
    } else {
      q.textContent = s.text;
    }
    return q;
  }

  function passageList(passages, opts, label) {
    var box = el("div", "more");
    var list = el("ol", "passages");
    var id = "qa-more-" + (++uid);
    list.id = id;
    list.hidden = true;
    passages.forEach(function (p) {
      var li = el("li");
      li.appendChild(el("p", "ptext", p.text));
      li.appendChild(facts(p));
      li.appendChild(sourceLink(p, opts));
      list.appendChild(li);
    });
    var toggle = el("button", "link", label);
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", id);
    toggle.addEventListener("click", function () {
      var open = list.hidden;
      list.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "Hide passages" : label;
    });
    box.appendChild(toggle);
    box.appendChild(list);
    return box;
  }

  function renderAnswer(body, opts) {
    var card = el("article", "card");
    var passages = body.passages || [];
    if (!body.answer) {
      card.classList.add("none");
      card.appendChild(el("p", "noanswer", NO_ANSWER[body.reason] ||
        "The documents do not answer this question."));
      if (passages.length) {
        // The closest passage, with its badges and link, so a refusal still shows what
        // the documents say nearest to the question.
        var closest = passages[0];
        card.appendChild(el("p", "closest-label", "Not sure; the closest sentence is:"));
        card.appendChild(el("blockquote", "sentence closest", closest.text));
        card.appendChild(facts(closest));
        card.appendChild(sourceLink(closest, opts));
        var others = passages.slice(1);
        if (others.length) {
          card.appendChild(passageList(others, opts,
            others.length === 1 ? "1 more passage" : others.length + " more passages"));
        }
      }
      return card;
    }
    var a = body.answer;
    if (a.span) card.appendChild(el("p", "short", a.text));
    card.appendChild(sentence(a));
    card.appendChild(facts(a.sentence));
    card.appendChild(sourceLink(a.sentence, opts));
    var rest = passages.slice(1);
    if (rest.length) {
      card.appendChild(passageList(rest, opts,
        rest.length === 1 ? "1 more passage" : rest.length + " more passages"));
    }
    return card;
  }

  // Binds a conversation to a form, an input, a message list and a clear button.
  function QAChatFn(opts) {
    var base = (opts.base || "").replace(/\/+$/, "");
    var view = { base: base, newTab: !!opts.newTab };
    var maxHistory = opts.maxHistory || 10;
    var history = [];
    var busy = false;
    var submit = opts.form.querySelector("button[type=submit]");
    var submitLabel = submit.textContent;

    function add(cls, node) {
      var li = el("li", cls);
      if (node) li.appendChild(node);
      opts.list.appendChild(li);
      if (opts.onChange) opts.onChange(true);
      reveal(li);
      return li;
    }

    // Scrolls the newest message wholly into view. On the chat page the question box is
    // sticky at the bottom of the window and would cover the end of the message (its
    // badges and source link), so the scroll stops short of it: the box's height is the
    // message's bottom scroll margin.
    function reveal(li) {
      var style = getComputedStyle(opts.form);
      var covers = style.position === "sticky" || style.position === "fixed";
      li.style.scrollMarginBottom = covers ? (opts.form.offsetHeight + 12) + "px" : "";
      li.style.scrollMarginTop = "12px";
      li.scrollIntoView({ block: "nearest" });
    }

    function setBusy(on) {
      busy = on;
      submit.disabled = on;
      submit.textContent = on ? "Asking\u2026" : submitLabel;
      if (on) opts.form.setAttribute("aria-busy", "true");
      else opts.form.removeAttribute("aria-busy");
    }

    function ask(question) {
      question = question.trim();
      if (!question || busy) return;
      add("question", el("p", null, question));
      opts.input.value = "";
      setBusy(true);
      var pending = add("pending");
      pending.appendChild(el("span", "dots", "Searching the documents"));
      var request = { question: question, top_k: 5 };
      if (history.length) request.history = history.slice(-maxHistory);
      fetch(base + "/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(request)
      })
        .then(function (r) { return r.json(); })
        .then(function (body) {
          pending.remove();
          if (body.error) {
            add("answer error", el("p", null, body.error.message));
            return;
          }
          add("answer", renderAnswer(body, view));
          if (body.answer) {
            var s = body.answer.sentence;
            history.push({ question: question, document: s.document.id, index: s.index });
            history = history.slice(-maxHistory);
          }
        })
        .catch(function () {
          return whyUnreachable(base).then(function (message) {
            pending.remove();
            add("answer error", el("p", null, message));
          });
        })
        .finally(function () {
          setBusy(false);
          opts.input.focus();
        });
    }

    opts.form.addEventListener("submit", function (event) {
      event.preventDefault();
      ask(opts.input.value);
    });
    if (opts.clear) {
      opts.clear.addEventListener("click", function () {
        history = [];
        while (opts.list.firstChild) opts.list.removeChild(opts.list.firstChild);
        if (opts.onChange) opts.onChange(false);
        opts.input.value = "";
        opts.input.focus();
      });
    }
    return { ask: ask, history: function () { return history.slice(); } };
  }

  // Why a request to the service failed, as a sentence for the reader. A browser reports a
  // request refused by CORS (the service does not list this page's origin) exactly like a
  // network failure: a TypeError, with no status. So for a service on another origin, probe
  // GET /api/health with mode "no-cors": such a request is not subject to CORS, and it
  // resolves (with an opaque response) only if the server is up. Up, yet the real request
  // failed: the service does not accept this origin. Probe failed too: it is unreachable.
  function whyUnreachable(base) {
    var unreachable = "The service could not be reached. Try again.";
    var target;
    try { target = new URL(base || location.href, location.href).origin; } catch (e) { target = null; }
    if (!target || target === location.origin || typeof fetch !== "function") {
      return Promise.resolve(unreachable);
    }
    return fetch(base + "/api/health", { mode: "no-cors", cache: "no-store" })
      .then(function () {
        return "This service does not accept questions from " + location.origin + ". Ask its " +
          "operator to add that origin to QA_CORS_ORIGINS.";
      }, function () { return unreachable; });
  }

  QAChatFn.renderAnswer = renderAnswer;
  QAChatFn.whyUnreachable = whyUnreachable;
  return QAChatFn;
}());
