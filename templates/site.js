// Instant filtering of the gallery: the page works without it (tag pages, plain links).
(function () {
  var text = document.getElementById("filter-text");
  var status = document.getElementById("filter-status");
  var type = document.getElementById("filter-type");
  var gallery = document.getElementById("gallery");
  if (!text || !gallery) return;
  var cards = gallery.querySelectorAll(".code-card");
  var none = document.getElementById("no-match");
  function apply() {
    var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i];
      var haystack = card.getAttribute("data-search") || "";
      var ok = words.every(function (word) { return haystack.indexOf(word) >= 0; });
      ok = ok && (!status.value || card.getAttribute("data-status") === status.value);
      ok = ok && (!type.value || card.getAttribute("data-type") === type.value);
      card.hidden = !ok;
      if (ok) shown++;
    }
    if (none) none.hidden = shown > 0;
  }
  text.addEventListener("input", apply);
  status.addEventListener("change", apply);
  type.addEventListener("change", apply);
})();
