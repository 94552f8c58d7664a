"""Qt item models over project values and results; each passes QAbstractItemModelTester."""
