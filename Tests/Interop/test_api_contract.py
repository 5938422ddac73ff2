"""Rules every dic.* API must follow, checked on the .proto files themselves with the reference
protoc, so a new service cannot forget them."""
import pathlib

from google.protobuf import descriptor_pb2

from conftest import ROOT, well_known_include

ACCESS_FIELD = 50001  # dic.common.v1.access
MAX_REQUEST_FIELD = 50003  # dic.common.v1.max_request_bytes
# Methods whose one request is a batch of separate rows, not one record: the message limit bounds it.
BATCHES = {"dic.dx.v1.DigitalTransformation/RecordMeasurements"}
ALLOWED = {"public", "reader", "editor", "admin"}


def descriptor_set(tmp_path):
    from grpc_tools import protoc

    files = sorted(str(p.relative_to(ROOT / "Protos")) for p in (ROOT / "Protos" / "dic").rglob("*.proto"))
    out = tmp_path / "set.pb"
    assert protoc.main(["protoc", f"-I{ROOT / 'Protos'}", well_known_include(), "--include_imports", f"--descriptor_set_out={out}",
                        *files]) == 0
    result = descriptor_pb2.FileDescriptorSet()
    result.ParseFromString(out.read_bytes())
    return result


def declared_option(method, number):
    # Known as an extension when another test has imported options_pb2 in this process; otherwise
    # it is an unknown field. Either way it is the same number.
    from google.protobuf import unknown_fields

    for descriptor, value in method.options.ListFields():
        if descriptor.is_extension and descriptor.number == number:
            return value
    for field in unknown_fields.UnknownFieldSet(method.options):
        if field.field_number == number:
            return field.data.decode() if isinstance(field.data, bytes) else field.data
    return None


def declared_access(method):
    return declared_option(method, ACCESS_FIELD)


def test_every_method_declares_who_may_call_it(tmp_path):
    missing, wrong, count = [], [], 0
    for file in descriptor_set(tmp_path).file:
        if not file.package.startswith("dic."):
            continue
        for service in file.service:
            for method in service.method:
                count += 1
                access = declared_access(method)
                name = f"{file.package}.{service.name}/{method.name}"
                if access is None:
                    missing.append(name)
                elif access not in ALLOWED:
                    wrong.append(f"{name}: {access}")
    assert count >= 10
    assert missing == [], f"methods without (dic.common.v1.access): {missing}"
    assert wrong == [], f"unknown access values: {wrong}"


def test_every_method_that_keeps_what_it_is_sent_bounds_its_request(tmp_path):
    """A unary method for editors or administrators keeps one record from one request: it declares
    the largest request it takes, below the 4 MiB message limit, so no record can outgrow a page of
    the lists that show it."""
    missing, bounded = [], 0
    for file in descriptor_set(tmp_path).file:
        if not file.package.startswith("dic."):
            continue
        for service in file.service:
            for method in service.method:
                name = f"{file.package}.{service.name}/{method.name}"
                limit = declared_option(method, MAX_REQUEST_FIELD)
                if limit is not None:
                    assert 0 < limit < 4 << 20, f"{name}: {limit}"
                    bounded += 1
                if method.client_streaming or declared_access(method) not in ("editor", "admin") or name in BATCHES:
                    continue
                if limit is None:
                    missing.append(name)
    assert bounded >= 40
    assert missing == [], f"methods without (dic.common.v1.max_request_bytes): {missing}"


# Answers with a list that is bounded without paging, each with why. A new method answering a list
# pages (a `dic.common.v1.PageInfo` in its answer) or says here why it need not: a list answered
# whole grows with use until it passes the 4 MB answer and fails for every caller.
BOUNDED_LISTS = {
    "dic.telecom.v1.Site": "technologies: one per technology",
    "dic.telecom.v1.PlannedSite": "mast classes: one per class",
    "dic.telecom.v1.PlanZone": "vertices: the request's 64 KiB",
    "dic.telecom.v1.Plan": "InfrastructurePlan.Limits: 2.6 MB at the most",
    "dic.telecom.v1.ImportResponse": "the first 1,000 problems",
    "dic.telecom.v1.ListCoverageGapsResponse": "cut to 3 MiB, with the total",
    "dic.telecom.v1.RadioStation": "the latest report only",
    "dic.telecom.v1.WifiLease": "the request's 256 KiB",
    "dic.telecom.v1.WifiAcceptance": "one line per hotspot of a lease (256 KiB)",
    "dic.report.v1.Narrative": "a section's 64 KiB",
    "dic.report.v1.ListNarrativesResponse": "the report's sections, 64 KiB each",
    "dic.report.v1.ListReportSectionsResponse": "the report's sections",
    "dic.report.v1.ReportSummary": "the three services",
    "dic.report.v1.ImportDocumentsResponse": "the first problems",
    "dic.common.v1.ResolveAdminUnitResponse": "a unit's successors or predecessors",
    "dic.common.v1.ImportAdminUnitsResponse": "the first problems",
    "dic.common.v1.ComputeIndicatorsResponse": "the codes asked (1,000), or every indicator (as listed)",
    "dic.common.v1.ListIndicatorsResponse": "a service's own, and the plan's at most 500 (KPI.maximumInPlan)",
    "dic.common.v1.ServiceInfoResponse": "one per schema namespace",
    "dic.common.v1.PrincipalRoles": "the roles there are",
    "dic.licensing.v1.Licence": "history cut to 3 MiB, with history_count",
    "dic.licensing.v1.LicenceStatisticsResponse": "licence types and actions",
    "dic.licensing.v1.ImportLicencesResponse": "the first problems",
    "dic.licensing.v1.ListHolidaysResponse": "one year's days",
    "dic.licensing.v1.Dossier": "at most 10 supplement requests",
    "dic.licensing.v1.Sanction": "the request's 256 KiB",
    "dic.dx.v1.Kpi": "the request's 256 KiB",
    "dic.dx.v1.RecordMeasurementsResponse": "the batch sent",
    "dic.dx.v1.ImportMeasurementsResponse": "the first problems",
    "dic.dx.v1.RecommendationCountsResponse": "cut to 3 MiB, with the totals",
    "dic.dx.v1.DigitalTeam": "the request's 256 KiB",
}


def test_every_list_an_answer_carries_pages_or_is_bounded(tmp_path):
    """A unary method answering a repeated field either pages or is known bounded (above)."""
    files = descriptor_set(tmp_path).file
    messages = {f".{file.package}.{message.name}": message for file in files for message in file.message_type}
    unbounded, used = [], set()
    for file in files:
        if not file.package.startswith("dic."):
            continue
        for service in file.service:
            for method in service.method:
                if method.server_streaming:
                    continue
                answer = messages[method.output_type]
                repeated = [field.name for field in answer.field if field.label == field.LABEL_REPEATED]
                pages = any(field.type_name == ".dic.common.v1.PageInfo" for field in answer.field)
                name = method.output_type.lstrip(".")
                if not repeated or pages:
                    continue
                if name in BOUNDED_LISTS:
                    used.add(name)
                else:
                    unbounded.append(f"{file.package}.{service.name}/{method.name} answers {name} ({', '.join(repeated)})")
    assert unbounded == [], f"lists answered whole, neither paged nor known bounded: {unbounded}"
    assert used == set(BOUNDED_LISTS), f"no longer answered: {set(BOUNDED_LISTS) - used}"
