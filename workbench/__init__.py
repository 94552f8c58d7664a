"""Grid & Tariff Scenario Workbench: Pakistan's large-load allocation, grid strain and tariffs."""

__version__ = "0.2.0"
