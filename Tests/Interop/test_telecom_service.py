"""dic-telecom over loopback with a standard client (grpcio): an operator's site list streamed in,
a site checked against the plan, refusals that name the field, and the indicators."""
import importlib

import grpc
import pytest

from conftest import load_package, run_service

ADMIN_TOKEN = "telecom-admin-0123456789"
FILES = ["sites", "coverage", "infrastructure", "imports", "wifi", "programmes", "telecom"]


@pytest.fixture(scope="module")
def pb(tmp_path_factory):
    messages, stubs = load_package(tmp_path_factory.mktemp("telecomgen"), FILES, "telecom")
    return (messages, stubs, importlib.import_module("dic.common.v1.common_pb2"),
            importlib.import_module("dic.common.v1.indicators_pb2"),
            importlib.import_module("dic.common.v1.indicators_pb2_grpc"))


@pytest.fixture
def service(tmp_path):
    yield from run_service("dic-telecom", tmp_path, ADMIN_TOKEN)


SITES = (
    "operator,code,unit_code,address,latitude,longitude,technologies,mast_class,mast_height_m,tenants,status\n"
    "viettel,BKN001,06.058.01,\"Tổ 1, phường Đức Xuân\",22.147,105.834,2G:2012-05-01;4G:2019-03-01,A1b,36,,proposed\n"
    "vnpt,VNP-01,06.058.02,,22.152,105.840,3G:2015-01-01;4G:2020-06-01,A2a,20,,on_air\n"
    "telco-x,X-01,06.058.01,,22.15,105.83,4G,A2a,30,,proposed\n"
)


def test_site_list_plan_check_and_indicators_with_grpcio(service, pb):
    telecom, telecom_grpc, common, indicators, indicators_grpc = pb
    metadata = [("authorization", f"Bearer {ADMIN_TOKEN}")]
    data = SITES.encode()
    with grpc.insecure_channel(service) as channel:
        stub = telecom_grpc.TelecomStub(channel)
        chunks = [telecom.ImportRequest(data=data[i:i + 17]) for i in range(0, len(data), 17)]
        result = stub.ImportSites(iter(chunks), metadata=metadata, timeout=30)
        assert (result.rows, result.added, result.refused) == (3, 2, 1)
        assert [(p.line, p.field) for p in result.problems] == [(4, "operator")]
        assert stub.ImportSites(iter(chunks), metadata=metadata, timeout=30).unchanged == 2

        stub.SavePlannedSite(telecom.SavePlannedSiteRequest(planned_site=telecom.PlannedSite(
            code="QH-BK-01", position=common.GeoPoint(latitude=22.147, longitude=105.8341), radius_m=200,
            allowed_mast_classes=[telecom.MAST_CLASS_A1A, telecom.MAST_CLASS_A1B])), metadata=metadata, timeout=10)
        checked = stub.CheckSite(telecom.CheckSiteRequest(operator="viettel", code="BKN001"), metadata=metadata,
                                 timeout=10)
        assert checked.plan_check.outcome == telecom.PLAN_OUTCOME_CONFORMING
        assert checked.plan_check.checked_by == "bootstrap-admin" and checked.plan_check.checked_at.seconds > 0
        moved = stub.MoveSite(telecom.MoveSiteRequest(operator="viettel", code="BKN001",
                                                      status=telecom.SITE_STATUS_LOCATION_CHECKED),
                              metadata=metadata, timeout=10)
        assert moved.status == telecom.SITE_STATUS_LOCATION_CHECKED

        with pytest.raises(grpc.RpcError) as failure:
            stub.SaveSite(telecom.SaveSiteRequest(request_id="bad", site=telecom.Site(
                code="Y", operator="viettel", unit_code="06.058.01",
                position=common.GeoPoint(latitude=48.85, longitude=2.35), mast_class=telecom.MAST_CLASS_A2A,
                mast_height_m=30, technologies=[telecom.SiteTechnology(technology=telecom.TECHNOLOGY_4G)])),
                metadata=metadata, timeout=10)
        assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert failure.value.details().startswith("position: ")
        with pytest.raises(grpc.RpcError) as failure:
            stub.SaveCableSegment(telecom.SaveCableSegmentRequest(segment=telecom.CableSegment(
                code="C1", operator="vnpt", unit_code="06.058", length_km=-3)), metadata=metadata, timeout=10)
        assert failure.value.details().startswith("length_km: ")

        for code, km, underground in [("C1", 1.0, True), ("C2", 8.0, False)]:
            stub.SaveCableSegment(telecom.SaveCableSegmentRequest(segment=telecom.CableSegment(
                code=code, operator="vnpt", unit_code="06.058", length_km=km, underground=underground, urban=True)),
                metadata=metadata, timeout=10)
        values = indicators_grpc.IndicatorsStub(channel).ComputeIndicators(indicators.ComputeIndicatorsRequest(
            codes=["telecom.urban_underground_ratio", "telecom.sites_on_air"],
            period=common.Period(kind=common.PERIOD_KIND_QUARTER, year=2023, index=1)),
            metadata=metadata, timeout=10).values
        assert [(v.code, round(v.value, 1), v.numerator, v.denominator) for v in values] == [
            ("telecom.urban_underground_ratio", 11.1, 1.0, 9.0), ("telecom.sites_on_air", 1.0, 1.0, 0.0)]
