"""The XML layer: names from one table, one serialization, a parser that fetches and expands
nothing and keeps libxml2's limits, and problems that name the file and line."""

from __future__ import annotations

import http.server
import threading
import urllib.request
from pathlib import Path
from typing import ClassVar

import pytest
from lxml import etree

from coprod_content import xml

XSD = "http://www.w3.org/2001/XMLSchema"


def test_names_come_from_the_table() -> None:
    assert xml.name("xsi", "schemaLocation") == (
        "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
    )
    with pytest.raises(KeyError):
        xml.name("http://www.w3.org/2001/XMLSchema-instance", "schemaLocation")


def test_serialize_writes_a_declaration_two_space_indents_and_a_final_newline() -> None:
    root = xml.root("cmi5", "courseStructure")
    xml.sub(xml.sub(root, "course", id="urn:x"), "title", "Café & co")
    assert xml.serialize(root) == (
        b"<?xml version='1.0' encoding='UTF-8'?>\n"
        b'<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">\n'
        b'  <course id="urn:x">\n'
        b"    <title>Caf\xc3\xa9 &amp; co</title>\n"
        b"  </course>\n"
        b"</courseStructure>\n"
    )


def test_a_document_that_is_not_xml_is_a_problem_with_its_file_and_line() -> None:
    with pytest.raises(xml.NotWellFormed) as raised:
        xml.parse(b"<a>\n<b></a>", "tincan.xml")
    problem = raised.value.problem
    assert (problem.file, problem.line) == ("tincan.xml", 2)
    assert str(problem).startswith("tincan.xml:2: not well-formed: Opening and ending tag mismatch")


def test_entities_are_never_expanded() -> None:
    inline = b'<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>'
    external = b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/hostname">]><a>&e;</a>'
    for document in (inline, external):
        root = xml.parse(document, "a.xml")
        assert root.text is None
        assert "".join(root.itertext()) == "&e;"  # the reference, left as it was


class _Recorder(http.server.BaseHTTPRequestHandler):
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.asked.append(self.path)
        body = f'<xs:schema xmlns:xs="{XSD}" targetNamespace="urn:x"/>'.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test's output quiet."""


def test_a_schema_naming_a_remote_location_is_refused_without_asking_it(tmp_path: Path) -> None:
    """The refusal is the resolver's: libxml2 alone would compile the schema, import missing."""
    _Recorder.asked.clear()
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder) as server:
        thread = threading.Thread(target=server.serve_forever)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/x.xsd"
            with urllib.request.urlopen(url) as answer:  # the server does answer
                assert answer.status == 200
            remote = tmp_path / "remote.xsd"
            remote.write_text(
                f'<xs:schema xmlns:xs="{XSD}">'
                f'<xs:import namespace="urn:x" schemaLocation="{url}"/></xs:schema>'
            )
            with pytest.raises(etree.XMLSchemaParseError, match="Failed to parse the XML resource"):
                xml.schema(remote)
        finally:
            server.shutdown()
            thread.join()
    assert _Recorder.asked == ["/x.xsd"]  # only the test's own request


def test_a_remote_location_with_a_local_copy_reads_the_copy(tmp_path: Path) -> None:
    (tmp_path / "local.xsd").write_text(
        f'<xs:schema xmlns:xs="{XSD}" targetNamespace="urn:x">'
        '<xs:element name="b" type="xs:int"/></xs:schema>'
    )
    main = tmp_path / "main.xsd"
    main.write_text(
        f'<xs:schema xmlns:xs="{XSD}"><xs:import namespace="urn:x"'
        ' schemaLocation="http://127.0.0.1:9/x.xsd"/></xs:schema>'
    )
    xsd = xml.schema(main, (("http://127.0.0.1:9/x.xsd", tmp_path / "local.xsd"),))
    document = b'<?xml version="1.0"?>\n\n<b xmlns="urn:x">seven</b>'
    (problem,) = xml.schema_problems(document, xsd, "b.xml")
    assert str(problem) == (
        "b.xml:3: Element '{urn:x}b': 'seven' is not a valid value of the atomic type 'xs:int'."
    )
    assert xml.schema_problems(b'<b xmlns="urn:x">7</b>', xsd, "b.xml") == []


@pytest.mark.parametrize(("depth", "parses"), [(256, True), (257, False)])
def test_nesting_is_limited_to_256_elements(depth: int, parses: bool) -> None:
    document = b"<a>" * depth + b"</a>" * depth
    if parses:
        xml.parse(document, "deep.xml")
    else:
        with pytest.raises(xml.NotWellFormed, match="Excessive depth in document: 256"):
            xml.parse(document, "deep.xml")


@pytest.mark.parametrize(("length", "parses"), [(10_000_000, True), (10_000_001, False)])
def test_a_text_node_is_limited_to_ten_million_characters(length: int, parses: bool) -> None:
    document = b"<a>" + b"x" * length + b"</a>"
    if parses:
        assert len(xml.parse(document, "long.xml").text or "") == length
    else:
        with pytest.raises(xml.NotWellFormed, match="Text node too long"):
            xml.parse(document, "long.xml")
