"""Reproducible zips: sorted members, one fixed timestamp, fixed permissions."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest

from coprod_content.archive import DEFAULT_EPOCH, source_date_epoch, zip_bytes

MEMBERS = {"b.txt": b"second", "a/index.html": b"<!doctype html>", "z.js": b""}


def _infos(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.infolist()


def test_same_members_give_the_same_bytes_whatever_their_order() -> None:
    again = dict(reversed(list(MEMBERS.items())))
    assert zip_bytes(MEMBERS, epoch=1_700_000_000) == zip_bytes(again, epoch=1_700_000_000)


def test_members_are_sorted_with_fixed_time_and_mode() -> None:
    infos = _infos(zip_bytes(MEMBERS, epoch=1_700_000_000))
    assert [i.filename for i in infos] == ["a/index.html", "b.txt", "z.js"]
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.create_system for i in infos} == {3}  # APPNOTE 4.4.2: Unix, so the mode is read
    assert {i.extra for i in infos} == {b""}


def _deflated(text: bytes, level: int) -> int:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate, as a zip stores it
    return len(packer.compress(text) + packer.flush())


def test_members_are_deflated_at_the_best_level() -> None:
    text = (Path(__file__).parents[1] / "content/coproduction/source/module-text.txt").read_bytes()
    assert _deflated(text, 9) < _deflated(text, 6)  # the default level would show
    (info,) = _infos(zip_bytes({"module-text.txt": text}, epoch=DEFAULT_EPOCH))
    assert info.compress_type == zipfile.ZIP_DEFLATED
    assert info.compress_size == _deflated(text, 9)


def test_source_date_epoch_is_read_from_the_environment_it_is_given() -> None:
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1234567890"}) == 1234567890
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1234567890"}, 7) == 1234567890
    assert source_date_epoch({"SOURCE_DATE_EPOCH": " "}, 7) == 7
    assert source_date_epoch({}, 7) == 7
    assert source_date_epoch({}) == 1577836800  # 2020-01-01T00:00:00Z


def test_every_member_carries_the_epoch_given() -> None:
    stamps = {i.date_time for i in _infos(zip_bytes(MEMBERS, epoch=1234567890))}
    assert stamps == {(2009, 2, 13, 23, 31, 30)}


def test_dates_outside_what_zip_holds_are_clamped() -> None:
    assert {i.date_time for i in _infos(zip_bytes(MEMBERS, epoch=0))} == {(1980, 1, 1, 0, 0, 0)}


def test_a_malformed_source_date_epoch_is_an_error() -> None:
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH must be whole seconds since 1970"):
        source_date_epoch({"SOURCE_DATE_EPOCH": "yesterday"})
