#!/usr/bin/env python3
"""Write notebooks/tutorial.ipynb (no outputs) from the cells below; run from the repo root.

The test suite executes the notebook against the embedded simulator, exports it to HTML
with nbconvert and checks what a reader sees there (tests/integration/test_notebook.py).
"""
# mypy: ignore-errors
import nbformat as nbf

nb = nbf.v4.new_notebook()
md = nbf.v4.new_markdown_cell


def code(source: str, *tags: str):
    cell = nbf.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


nb.cells = [
md("""# mlag-netconf tutorial

BGP over M-LAG on a pair of Huawei CloudEngine switches: from typed Python or a YAML
intent to a verified configuration on both members at once — or on neither. Everything
runs on the embedded NETCONF simulator (a real NETCONF server over SSH on loopback), so no
switch is needed; the test suite executes this notebook top to bottom.

1. Build the pair in Python and look at it; render the payloads; trip a rule.
2. Scenario 1, BGP over M-LAG through VLANIF 100 (`examples/bgp-over-mlag.yaml`): plan,
   break the transaction on purpose, see both members unchanged, apply, re-apply.
3. Scenario 2, the same through a VBDIF (`examples/bgp-over-mlag-vbdif.yaml`), and the
   MP-EBGP VPNv4 example (`examples/mp-ebgp-vpnv4.yaml`).
4. A refusal by the device itself, and errors shown as tables."""),
code("""from pathlib import Path

import mlag_netconf as mn
from mlag_netconf import (
    AsNumber,
    Bgp,
    Device,
    MacAddress,
    MlagPair,
    Peer,
    payload,
    payloads,
    vlanif,
)
from mlag_netconf.netconf.pair import apply_all, plan
from mlag_netconf.sim import Fault, SimulatedNetwork

ROOT = Path.cwd() if (Path.cwd() / "examples").is_dir() else Path.cwd().parent
mn.__version__"""),
md("""## Typed leaves
Each value type parses what engineers type and knows its canonical and XML form."""),
code("""assert AsNumber.parse("1.10") == AsNumber.parse(65546)      # dot and plain, by value
MacAddress.parse("00:00:5E:00:01:01"), AsNumber.parse("1.10").value"""),
md("""## Build the M-LAG pair
Builders are immutable: every `with_*` returns a new object, so re-running a cell is safe.
A pair shows its members side by side: the cells the documented rules require to
**match** (primary addresses, virtual MAC, AS) or to **differ** (M-LAG addresses,
router-id) are marked."""),
code("""shared = vlanif(100, ipv4="10.1.1.1/24", virtual_mac="0000-5e00-0101",
                route_proxy_arp=True).with_ipv6("2001:db8:1::1/64")

def member(name, mlag4, mlag6, router_id):
    iface = shared.with_mlag_ipv4(mlag4).with_mlag_ipv6(mlag6)
    bgp = Bgp(asn=65001, router_id=router_id).with_peer(
        Peer("10.1.1.100", 65100, connect_interface="Vlanif100", source_address=mlag4,
             families={"ipv4-unicast": True}),
        Peer("2001:db8:1::100", 65100, connect_interface="Vlanif100", source_address=mlag6,
             families={"ipv6-unicast": True}))
    return Device(name, interfaces=[iface], bgp=bgp)

pair = MlagPair((member("DeviceA", "10.1.1.2", "2001:db8:1::2", "1.1.1.1"),
                 member("DeviceB", "10.1.1.3", "2001:db8:1::3", "2.2.2.2")),
                user_side=["10.1.1.100", "2001:db8:1::100"])
pair"""),
md("""One member on its own: its interfaces (addresses, M-LAG, proxies) and its BGP peers
(AS, source, families). Its plain `repr` is one short line."""),
code("""print(repr(pair.members[1]))
pair.members[1]"""),
md("""## Render the payloads
`payloads(pair)` checks every rule, then renders one `<config>` per member. The plain
repr is a summary; each payload shows itself as a header table, the features the public
Huawei model lacks (with the seed command each stands for), and the XML, folded."""),
code("""pair_payloads = payloads(pair)
for p in pair_payloads.values():
    p.validate()             # against the project's YANG modules, before anything is sent
pair_payloads"""),
code("""pair_payloads["DeviceB"]"""),
md("""## Every documented rule is checked first
The catalogue, by section:"""),
code("""mn.RULES"""),
md("""A mistake gets a typed error naming the field and the rule; nothing is rendered. Shown as
a value, an error is a table, the root cause first (here: DeviceB's M-LAG address copied
from DeviceA; the BGP source checks fail because of it)."""),
code("""b = pair.members[1]
bad = MlagPair((pair.members[0], b.with_interface(b.interfaces[0].with_mlag_ipv4("10.1.1.2"))),
               user_side=["10.1.1.100"])
try:
    payloads(bad)
except mn.ValidationErrors as e:        # several at once; one alone is a ValidationError
    error = e
assert "mlag-ipv4-unique" in error.rules
assert error.errors[0].rule == "mlag-ipv4-unique"      # the root cause first
error"""),
md("""## Scenario 1: BGP over M-LAG through VLANIF 100, from YAML
The intent file describes the same design; `load_intent` checks it (errors name the YAML
field) and shows the pair it builds."""),
code("""intent = mn.load_intent(ROOT / "examples" / "bgp-over-mlag.yaml")
vlanif_payloads = intent.payloads()
print(repr(intent))
intent"""),
md("""Two simulated CloudEngines, `DeviceA` and `DeviceB`. `plan` reads both members' running
configuration (in parallel) and shows what the transaction would change; nothing is sent."""),
code("""net = SimulatedNetwork(["DeviceA", "DeviceB"])
net.start()
first_plan = plan(vlanif_payloads, net.inventory)
assert first_plan.changed
first_plan"""),
code("""first_plan["DeviceB"]        # one member's diff: added / changed / removed"""),
md("""### Break it on purpose
Two confirmed commits are not enough: if DeviceB's confirmation fails after DeviceA's
succeeded, a naive push leaves the pair split. The simulator fails DeviceB's second
commit (its confirmation). `apply_all` runs in phases across both members — stage and
confirmed-commit everywhere, verify everywhere, then confirm — and when a confirmation
fails it puts back the members already confirmed (a compensating commit). The error says
which device, which step, what the device sent, and what state every member is in."""),
code("""net["DeviceB"].faults.add(Fault.fail_commit(nth=2))
try:
    apply_all(vlanif_payloads, net.inventory, confirm_timeout=30)
except mn.NetconfError as e:          # a TransactionError: failed_hosts, result
    broken = e
assert list(broken.failed_hosts) == ["DeviceB"]
broken"""),
md("""Both members are unchanged: the plan, read again from their running configuration,
still has every value of the intent to set on both (the same paths and values as before
the attempt), and neither holds an M-LAG address."""),
code("""MNX = {"mnx": "urn:mlag-netconf:yang:mlag-netconf-ext"}

def mlag_addresses(name):
    return net[name].running().xpath("//mnx:m-lag-ipv4/mnx:ip/text()", namespaces=MNX)

def pending(p):
    return {d.device: {(c.path, c.new) for c in d} for d in p.diffs}

again = plan(vlanif_payloads, net.inventory)
assert pending(again) == pending(first_plan), "a member was left changed"
assert mlag_addresses("DeviceA") == mlag_addresses("DeviceB") == []
again"""),
md("""### Apply
Without the fault the same call configures both members, verified by reading back."""),
code("""result = apply_all(vlanif_payloads, net.inventory, confirm_timeout=30)
assert result.ok
assert result.changed
result"""),
code("""assert mlag_addresses("DeviceA") == ["10.1.1.2"]
assert mlag_addresses("DeviceB") == ["10.1.1.3"]
{name: mlag_addresses(name) for name in ("DeviceA", "DeviceB")}"""),
md("""Applying again sends no edit and no commit: nothing is left to do."""),
code("""again = apply_all(vlanif_payloads, net.inventory)
assert not again.changed
assert not plan(vlanif_payloads, net.inventory).changed
again"""),
md("""### The device's own rules
The device enforces its rules at commit too: the BGP AS is write-once, so a payload that
changes it is refused by DeviceA at commit, the confirmed commit is cancelled, and the
error table carries the device's own `<rpc-error>`."""),
code("""changed_as = {"DeviceA": payload(Device("DeviceA", bgp=Bgp(65002, router_id="1.1.1.1")))}
try:
    apply_all(changed_as, net.inventory, confirm_timeout=30)
except mn.NetconfError as e:
    refused = e
assert not plan(vlanif_payloads, net.inventory).changed     # DeviceA still as intended
refused"""),
md("""Raised errors, too, can show as tables: `mlag_netconf.display.install()` registers an
IPython handler that shows a raised library error as its table above the traceback (this
cell is expected to fail)."""),
code("""import mlag_netconf.display

mlag_netconf.display.install()
apply_all(changed_as, net.inventory, confirm_timeout=30)""", "raises-exception"),
code("""mlag_netconf.display.uninstall()
net.stop()"""),
md("""## Scenario 2: through a VBDIF, and MP-EBGP VPNv4
The same pair design over VBDIF 10 (bridge domain 10 bound to VNI 5010, AS in dot
notation), on two more simulated switches named as in the intent."""),
code("""vbdif_intent = mn.load_intent(ROOT / "examples" / "bgp-over-mlag-vbdif.yaml")
vbdif_payloads = vbdif_intent.payloads()
vbdif_intent"""),
code("""with SimulatedNetwork(list(vbdif_payloads)) as vbdif_net:
    vbdif_plan = plan(vbdif_payloads, vbdif_net.inventory)
    vbdif_result = apply_all(vbdif_payloads, vbdif_net.inventory, confirm_timeout=30)
    assert vbdif_result.ok
    assert not plan(vbdif_payloads, vbdif_net.inventory).changed
display(vbdif_plan)
vbdif_result"""),
md("""MP-EBGP between an AGG and an MASG over /32 loopbacks, exchanging VPNv4 routes only
(IPv4 unicast disabled for the peer): not a pair, but the same transaction across both
devices. On the `ce-v300` simulator, as on VRP, a *new* IPv4 peer is enabled in IPv4
unicast at commit unless the transaction removes that entry: the engine sends that
`remove` in a second edit of the same candidate, so the VPNv4-only peer stays so."""),
code("""vpn_intent = mn.load_intent(ROOT / "examples" / "mp-ebgp-vpnv4.yaml")
vpn_payloads = vpn_intent.payloads()
display(vpn_intent)
with SimulatedNetwork(list(vpn_payloads)) as vpn_net:
    vpn_result = apply_all(vpn_payloads, vpn_net.inventory, confirm_timeout=30)
    assert vpn_result.ok
vpn_result"""),
]
for i, cell in enumerate(nb.cells):
    cell.id = f"cell-{i:02d}"  # stable ids: regenerating gives the same file
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.metadata["language_info"] = {"name": "python"}
nbf.write(nb, "notebooks/tutorial.ipynb")
