"""Run records and writing them safely."""

from sim.records.record import RECORD_VERSION, build_record
from sim.records.store import write_json_atomic

__all__ = ["RECORD_VERSION", "build_record", "write_json_atomic"]
