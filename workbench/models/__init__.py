"""The engine: grid, tariff and miner models as plain functions over numpy and pandas. No Qt."""
