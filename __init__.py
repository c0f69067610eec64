"""kyoso (共創): draft and check contracts between R&D startups and large companies."""

__version__ = "0.1.0"
