// Progressive enhancement of /pengaduan/baru: the layanan list shows only the chosen unit's group.
// Without JavaScript every group stays visible and the server checks that the pair matches.
(function () {
  var unit = document.getElementById('unit');
  var layanan = document.getElementById('layanan');
  if (!unit || !layanan) { return; }
  function sync() {
    var chosen = unit.value;
    var groups = layanan.querySelectorAll('optgroup');
    for (var i = 0; i < groups.length; i++) {
      var show = !chosen || groups[i].getAttribute('data-unit') === chosen;
      groups[i].hidden = !show;
      groups[i].disabled = !show;
    }
    var selected = layanan.options[layanan.selectedIndex];
    if (selected && selected.parentNode.disabled) { layanan.value = ''; }
  }
  unit.addEventListener('change', sync);
  layanan.addEventListener('change', function () {
    var selected = layanan.options[layanan.selectedIndex];
    var group = selected && selected.parentNode;
    if (group && group.tagName === 'OPTGROUP' && !unit.value) { unit.value = group.getAttribute('data-unit'); sync(); }
  });
  sync();
}());
