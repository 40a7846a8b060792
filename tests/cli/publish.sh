#!/usr/bin/env bash
# Public disclosure from the command line (issue 5 item 8): the shipped license and penalty
# cases of examples/cases.sh, an internal power (procurement) and a confidential fixture are run;
# `sunlit publish` exports only public results, the party masked, and no internal value leaks:
# not a case field, note, official, post, nor anything of the internal or confidential power.
# Usage: bash publish.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT  # KEEP=1: keep the folder to look at
unset SUNLIT_NOW  # each command gives its own --now
at() { local t=$1; shift; "$sunlit" --now "$t" "$@" >/dev/null || fail "sunlit $*"; }

bash examples/cases.sh "$sunlit" >"$tmp/cases.log" 2>&1 || fail "examples/cases.sh: $(tail -3 "$tmp/cases.log")"
export SUNLIT_NOW=2026-06-01T09:00
# Procurement: an internal power (catalog scope internal) whose completed outcome says public.
at 2026-05-04T09:00 case open XC-JG-NB-001 --party 机关事务管理办公室 --as xie_fei
Q=$("$sunlit" case list --power XC-JG-NB-001 --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["case"])')
at 2026-05-04T10:00 case advance "$Q" --action complete --as xie_fei --set item=内部秘密采购项目 --set amount=50000
at 2026-05-05T10:00 case advance "$Q" --action pass --as dong_li --set method=inquiry
at 2026-05-06T10:00 case advance "$Q" --action approve --as pan_yong
at 2026-05-07T10:00 case advance "$Q" --action complete --as xie_fei --set supplier=某某供应商
at 2026-05-08T10:00 case advance "$Q" --action accepted --as jiang_hua --set acceptance_record=验收记录内部
at 2026-05-08T10:05 case advance "$Q" --action accepted --as yuan_chao --set acceptance_record=验收记录内部
[ "$("$sunlit" case show "$Q" --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["outcome"])')" = completed ] || fail "procurement not completed"
# A confidential power (tests/data/publish/secret.yaml) and a public one on the town fixture.
at 2026-05-11T09:00 deploy tests/data/cases/town.org.yaml tests/data/publish/permit.yaml tests/data/publish/secret.yaml --as designer
for p in T-SEC T-PUB; do
  at 2026-05-11T09:00 case open $p --party 李四 --as ann
  C=$("$sunlit" case list --power $p --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["case"])')
  at 2026-05-11T10:00 case advance "$C" --action accept --as ann --set party_kind=person --set phone=13912345678 --note 备注不公开
  at 2026-05-11T11:00 case advance "$C" --action done --as bob --set review_opinion=审查意见不公开
  at 2026-05-11T12:00 case advance "$C" --action grant --as dee
done

"$sunlit" publish -o "$tmp/p.json" || fail "publish: exit $?"
"$sunlit" publish --format csv -o "$tmp/p.csv" || fail "publish csv: exit $?"
# Case numbers follow examples/cases.sh (it opens four cases, one of them a complaint), then the loop above.
out=$(/usr/bin/python3 -c 'import json,sys; print("\n".join(r["case"]+" "+r["power"]+" "+r["kind"]+" "+r["item"]+" "+r["party"] for r in json.load(open(sys.argv[1]))["records"]))' "$tmp/p.json")
[ "$out" = "2026-000001 XC-SJ-XK-001 outcome granted 北京某某餐饮有限公司
2026-000002 XC-CG-CF-001 step deliver 张*
2026-000007 T-PUB step accept 李*
2026-000007 T-PUB outcome granted 李*" ] || fail "published records:
$out"
[ "$(head -1 "$tmp/p.csv")" = "case,power,power_name,body,kind,item,name,result,party,at,forms,time,within" ] || fail "csv header"
[ "$(wc -l < "$tmp/p.csv")" -eq 5 ] || fail "csv lines: $(cat "$tmp/p.csv")"

# Nothing internal or confidential: every case field value, note, official id and post of the
# run cases, the internal and the confidential powers, and the unmasked party names.
leaks="T-SEC Secret XC-JG-NB-001 内部秘密采购项目 某某供应商 验收记录内部 机关事务 审查意见不公开 备注不公开 13912345678
  材料齐全 场所布局符合要求 JY11102260001234 已当面送达 直接送达 西城城管罚字 当事人承认违法事实 现场照片 5000
  张三 李四 wang_fang li_na liu_yang chen_jing zhang_wei zhao_lei zhang_ming guo_tao zhou_qiang wu_gang ma_jun
  zheng_hao hu_min xie_fei dong_li pan_yong jiang_hua yuan_chao ann bob dee market_ review_opinion onsite_record license_no"
for f in "$tmp/p.json" "$tmp/p.csv"; do
  for v in $leaks; do grep -q -- "$v" "$f" && fail "$(basename "$f") leaks '$v'"; done
done

# --since, and the export's own time.
n=$("$sunlit" publish --since 2026-04-01 | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["records"]))')
[ "$n" = "3" ] || fail "--since 2026-04-01: $n records"
n=$("$sunlit" --now 2026-03-31 publish | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["records"]))')
[ "$n" = "1" ] || fail "as of 2026-03-31: $n records"
err=$("$sunlit" publish --since yesterday 2>&1); rc=$?
[ $rc -eq 2 ] || fail "bad --since: exit $rc"
[ "$err" = "sunlit: error: --since 'yesterday' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])" ] || fail "bad --since: $err"
"$sunlit" publish --format xml >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --format: not exit 2"
exit $status
