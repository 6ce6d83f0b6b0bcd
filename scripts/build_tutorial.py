#!/usr/bin/env python3
"""Write notebooks/tutorial.ipynb (no outputs) from the cells below; run from the repo root."""
# mypy: ignore-errors
import nbformat as nbf

nb = nbf.v4.new_notebook()
md = nbf.v4.new_markdown_cell
code = nbf.v4.new_code_cell
nb.cells = [
md("""# mlag-netconf tutorial

BGP over M-LAG on a pair of Huawei CloudEngine switches, from typed Python to a committed
configuration on the embedded NETCONF simulator. Runs top to bottom with no switch: the
test suite executes this notebook."""),
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

ROOT = Path.cwd() if (Path.cwd() / "examples").is_dir() else Path.cwd().parent
mn.__version__"""),
md("""## Typed leaves
Each value type parses what engineers type and knows its canonical and XML form."""),
code("""assert AsNumber.parse("1.10") == AsNumber.parse(65546)      # dot and plain, by value
MacAddress.parse("00:00:5E:00:01:01"), AsNumber.parse("1.10").value"""),
md("""## Build the M-LAG pair
Builders are immutable: every `with_*` returns a new object, so re-running a cell is safe."""),
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
pair_payloads = payloads(pair)
pair_payloads["DeviceA"]          # renders itself: features, gap nodes, XML"""),
code("""for p in pair_payloads.values():
    p.validate()             # against the project's YANG modules, before anything is sent
pair_payloads["DeviceA"].gap_features"""),
md("""## Every documented rule is checked first
A mistake gets a typed error naming the field and the rule; nothing is rendered."""),
code("""bad = MlagPair((pair.members[0],
                pair.members[1].with_interface(
                    pair.members[1].interfaces[0].with_mlag_ipv4("10.1.1.2"))),
               user_side=["10.1.1.100"])
error = None
try:
    payloads(bad)
except mn.ValidationErrors as e:        # several at once; one alone is a ValidationError
    error = e
print(error)
assert error is not None
assert "mlag-ipv4-unique" in error.rules"""),
md("""## The same from a YAML intent"""),
code("""intent = mn.load_intent(ROOT / "examples" / "bgp-over-mlag.yaml")
from_yaml = intent.payloads()
assert sorted(from_yaml) == ["DeviceA", "DeviceB"]
from_yaml["DeviceB"].gap_features"""),
md("""## Push to the embedded simulator
A real NETCONF server over SSH on loopback, one per member. Lock both candidates, edit,
validate, confirmed commit, read back, confirm."""),
code("""from mlag_netconf.sim import SimulatedNetwork

net = SimulatedNetwork(["DeviceA", "DeviceB"])
net.start()
managers = {name: net.devices[name].connect() for name in pair_payloads}
for name, m in managers.items():
    m.lock("candidate")
    m.edit_config(target="candidate", config=pair_payloads[name].element())
    m.validate(source="candidate")
for m in managers.values():
    m.commit(confirmed=True, timeout="60")
for m in managers.values():
    m.commit()                                   # confirm
    m.unlock("candidate")
running = managers["DeviceB"].get_config("running").data_ele
ns = {"mnx": "urn:mlag-netconf:yang:mlag-netconf-ext"}
mlag = running.xpath("//mnx:m-lag-ipv4/mnx:ip/text()", namespaces=ns)
assert mlag == ["10.1.1.3"], mlag
mlag"""),
md("""The device enforces its rules at commit too: a change of the write-once BGP AS is
refused, and the candidate is discarded."""),
code("""from ncclient.operations.rpc import RPCError

m = managers["DeviceA"]
m.lock("candidate")
m.edit_config(target="candidate", config=payload(Device(
    "DeviceA", bgp=Bgp(asn=65002))).element())
refused = None
try:
    m.commit()
except RPCError as e:
    refused = e
finally:
    m.discard_changes()
    m.unlock("candidate")
assert refused is not None, "the simulator accepted a changed BGP AS"
print(refused.tag, "-", refused.message)"""),
code("""for m in managers.values():
    m.close_session()
net.stop()"""),
]
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbf.write(nb, "notebooks/tutorial.ipynb")
