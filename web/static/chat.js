// The chat page: sends the question to /api/ask and shows the answer sentence.
// Document text is only ever inserted with textContent, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("ask");
  var input = document.getElementById("question");
  var list = document.getElementById("messages");
  var button = form.querySelector("button");

  function add(cls, build) {
    var li = document.createElement("li");
    li.className = cls;
    build(li);
    list.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
    return li;
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function showAnswer(body) {
    add("answer", function (li) {
      if (!body.answer) {
        li.appendChild(el("p", "The documents do not answer this question."));
        return;
      }
      var s = body.answer.sentence;
      li.appendChild(el("p", s.text));
      var meta = el("p", "", "meta");
      var link = el("a", s.document.title);
      link.href = "/api/documents/" + encodeURIComponent(s.document.id);
      meta.appendChild(document.createTextNode("From "));
      meta.appendChild(link);
      meta.appendChild(document.createTextNode(", sentence " + (s.index + 1)));
      li.appendChild(meta);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question) return;
    add("question", function (li) { li.textContent = question; });
    input.value = "";
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: question })
    })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        if (body.error) {
          add("answer", function (li) { li.textContent = body.error.message; });
        } else {
          showAnswer(body);
        }
      })
      .catch(function () {
        add("answer", function (li) { li.textContent = "The service could not be reached."; });
      })
      .finally(function () {
        button.disabled = false;
        form.removeAttribute("aria-busy");
        input.focus();
      });
  });
}());
