#!/usr/bin/env bash
# Regenerates every committed *.pb.swift from the .proto files.
#   Protos/generate.sh PLUGIN [ROOT]
# PLUGIN is the built protoc-gen-dic; ROOT (default: the repository) is where the output tree goes,
# so that the staleness check can generate into a scratch folder and compare.
set -euo pipefail
plugin=$1
root=${2:-.}
cd "$(dirname "$0")/.."

gen() { # gen OUTDIR INCLUDE OPTIONS FILES...
    local out=$root/$1 include=$2 options=$3
    shift 3
    mkdir -p "$out"
    rm -f "$out"/*.pb.swift
    # Options go through --dic_opt: in --dic_out=OPTIONS:DIR a colon inside an option would end them.
    protoc --plugin=protoc-gen-dic="$plugin" -I"$include" ${options:+--dic_opt="$options"} --dic_out="$out" "$@"
}

gen Shared/Kernel/CommonAPI/Generated Protos "descriptor_only=google/protobuf/descriptor.proto" \
    google/protobuf/descriptor.proto dic/common/v1/common.proto dic/common/v1/admin_units.proto \
    dic/common/v1/indicators.proto dic/common/v1/service_admin.proto dic/common/v1/options.proto \
    dic/common/v1/access.proto dic/common/v1/audit.proto
gen Shared/RPC/GRPCHealth/Generated Protos "" grpc/health/v1/health.proto
gen Shared/RPC/EchoContract/Generated Protos "" bench/echo.proto
gen Tests/Shared/Codec/ConformanceMessages/Generated Tests/Shared/Codec/ConformanceMessages/Protos "" conformance/v1/everything.proto
gen Benchmarks/Sources/CodecBenchMessages/Generated Benchmarks/Protos "" codecbench/v1/codec_bench.proto
gen Shared/RPC/GRPCReflection/Generated Protos "" grpc/reflection/v1/reflection.proto grpc/reflection/v1alpha/reflection.proto
gen Services/Licensing/LicensingAPI/Generated Protos "import=dic/common/v1/common.proto:CommonAPI,import=dic/common/v1/options.proto:CommonAPI" \
    dic/licensing/v1/licences.proto dic/licensing/v1/dossiers.proto dic/licensing/v1/enforcement.proto \
    dic/licensing/v1/register.proto dic/licensing/v1/licensing.proto
gen Services/Telecom/TelecomAPI/Generated Protos "import=dic/common/v1/common.proto:CommonAPI,import=dic/common/v1/options.proto:CommonAPI" \
    dic/telecom/v1/sites.proto dic/telecom/v1/coverage.proto dic/telecom/v1/infrastructure.proto \
    dic/telecom/v1/imports.proto dic/telecom/v1/wifi.proto dic/telecom/v1/programmes.proto dic/telecom/v1/telecom.proto
gen Services/DX/DXAPI/Generated Protos "import=dic/common/v1/common.proto:CommonAPI,import=dic/common/v1/options.proto:CommonAPI" \
    dic/dx/v1/plan.proto dic/dx/v1/records.proto dic/dx/v1/community.proto dic/dx/v1/dx.proto
gen Services/Aggregator/ReportAPI/Generated Protos "import=dic/common/v1/common.proto:CommonAPI,import=dic/common/v1/options.proto:CommonAPI" \
    dic/report/v1/report.proto
