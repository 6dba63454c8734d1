"""Reading survey exports: raw files, export flavours, and coding through a schema."""

from .files import RawTable, read_raw
from .flavors import FLAVORS, Flavor, detect_flavor
from .schema_reader import read_survey

__all__ = ["read_survey", "read_raw", "RawTable", "Flavor", "FLAVORS", "detect_flavor"]
