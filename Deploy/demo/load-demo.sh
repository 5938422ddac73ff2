#!/usr/bin/env bash
# Loads the Bắc Kạn Q1/2023 demo data into running services through their public APIs, with
# dicctl, as officers would. Needs only bash, sed and dicctl, so it also runs inside the images.
#   load-demo.sh DICCTL DEMO_DIR LICENSING TELECOM DX AGGREGATOR [AGGREGATOR_CA]
# Addresses are host:port and DIC_TOKEN holds a token each service accepts; AGGREGATOR_CA, when
# given, verifies an aggregator that serves TLS (the sector services are then h2c inside).
set -euo pipefail
dicctl=$1
demo=$2
licensing=$3
telecom=$4
dx=$5
aggregator=$6
aggregator_tls=()
if [ -n "${7:-}" ]; then aggregator_tls=(--tls-ca "$7"); fi

dicctl() { "$dicctl" "$@"; }
quiet() { "$@" >/dev/null; }

echo "demo: loading the licence register"
quiet dicctl licensing import "$demo/licensing-register-2023.csv" --address "$licensing"

echo "demo: loading the Q1/2023 digital-transformation figures"
quiet dicctl dx import "$demo/dx-measurements-2023.csv" --address "$dx"

echo "demo: recording the districts' recommendations and the answers given"
# Tab-separated: the texts hold commas.
while IFS=$'\t' read -r on unit category content answered_on answer; do
    id=$(dicctl dx recommendations record --on "$on" --unit "$unit" --category "$category" "$content" \
        --output json --address "$dx" | sed -n 's/^ *"id" *: *"\([^"]*\)".*/\1/p')
    [ -n "$id" ] || { echo "demo: no id for the recommendation of $on" >&2; exit 1; }
    if [ -n "$answered_on" ]; then
        quiet dicctl dx recommendations answer "$id" "$answer" --on "$answered_on" --address "$dx"
    fi
done < <(tail -n +2 "$demo/dx-recommendations-2023.tsv")

echo "demo: loading base stations, villages and the coverage estimate"
quiet dicctl telecom sites import "$demo/telecom-sites-2023.csv" --address "$telecom"
quiet dicctl telecom villages import "$demo/telecom-villages-2023.csv" --address "$telecom"
# Estimated as the officer did at the close of the quarter, from the sites on air that day.
quiet dicctl telecom coverage estimate --as-of 2023-03-31 --address "$telecom"

echo "demo: loading commune radio stations, cable and postal points"
# CSV rows as an officer would type them; the header line is skipped.
while IFS=, read -r commune kind clusters connected state on; do
    flags=()
    [ "$connected" = yes ] && flags+=(--connected)
    quiet dicctl telecom radio save "$commune" --kind "$kind" --clusters "$clusters" "${flags[@]}" --address "$telecom"
    quiet dicctl telecom radio report "$commune" --state "$state" --on "$on" --address "$telecom"
done < <(tail -n +2 "$demo/telecom-radio-2023.csv")
while IFS=, read -r code operator unit km underground urban; do
    flags=()
    [ "$underground" = yes ] && flags+=(--underground)
    [ "$urban" = yes ] && flags+=(--urban)
    quiet dicctl telecom cables save "$code" --operator "$operator" --unit "$unit" --km "$km" "${flags[@]}" \
        --address "$telecom"
done < <(tail -n +2 "$demo/telecom-cables-2023.csv")
while IFS=, read -r code name kind operator unit staffed; do
    flags=()
    [ "$staffed" = yes ] && flags+=(--staffed)
    quiet dicctl telecom postal save "$code" --name "$name" --kind "$kind" --operator "$operator" --unit "$unit" \
        "${flags[@]}" --address "$telecom"
done < <(tail -n +2 "$demo/telecom-postal-2023.csv")

echo "demo: results the plan states in words for Q1/2023 (with the reason)"
quiet dicctl dx overrides set --indicator telecom.town_centre_5g_coverage --period 2023-Q1 \
    --text "Chưa thực hiện do chờ Bộ TTTT cấp phép tần số" \
    --reason "Chưa có giấy phép tần số 5G: tỷ lệ 0% không phản ánh đúng tình hình" --address "$dx"
quiet dicctl dx overrides set --indicator dx.provincial_dti_tier --period 2023-Q1 --text "Đang thực hiện" \
    --reason "Bộ TTTT chưa công bố Chỉ số chuyển đổi số cấp tỉnh năm 2022" --address "$dx"

echo "demo: the register of documents (the e-office export) and the districts' quarterly reports"
quiet dicctl report documents import "$demo/report-documents-2023.csv" --address "$aggregator" "${aggregator_tls[@]}"
while IFS=$'\t' read -r unit kind field content; do
    quiet dicctl report districts add --year 2023 --quarter 1 --unit "$unit" --kind "$kind" --field "$field" \
        "$content" --address "$aggregator" "${aggregator_tls[@]}"
done < <(tail -n +2 "$demo/report-districts-2023-q1.tsv")

echo "demo: the department's own paragraphs"
for file in "$demo"/narratives/*.txt; do
    section=$(basename "$file" .txt)
    quiet dicctl report narrative set --year 2023 --quarter 1 --section "$section" "$file" --address "$aggregator" \
        "${aggregator_tls[@]}"
done

