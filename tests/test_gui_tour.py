"""The screenshot tour writes every picture, at both sizes, and none is blank."""
from PySide6.QtGui import QImage

from workbench.ui.tour import SIZES, main


def test_tour_writes_non_blank_pictures_of_every_main_view(tmp_path, capsys):
    assert main([str(tmp_path)]) == 0
    written = capsys.readouterr().out.split()
    names = {"overview", "dispatch-july-week", "surplus-heat-map", "grid", "comparison-table", "tariffs", "waterfall",
             "reserve-and-process", "monte-carlo", "deal-space", "parties", "tornado", "deal-space-out-of-date",
             "preferences", "fan-chart"}
    assert sorted(written) == sorted(str(tmp_path / f"{n}-{w}x{h}.png") for n in names for w, h in SIZES)
    for path in written:
        image = QImage(path)
        assert not image.isNull() and image.width() > 300, path
        samples = [image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)]
        background = max(set(samples), key=samples.count)
        drawn = sum(p != background for p in samples) / len(samples)
        assert drawn > 0.05 and len(set(samples)) > 8, f"{path} looks blank ({drawn:.1%} drawn)"
    whole = QImage(str(tmp_path / "overview-1366x768.png"))
    assert (whole.width(), whole.height()) == (1366, 768)  # the window fits a laptop screen
