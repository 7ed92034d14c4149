//! One architecture as a composition of the shared parts: a monolith, a service mesh and a
//! function platform, with an API Gateway in front where the architecture has one. Each request
//! kind is routed to one part. The four architectures differ only in which parts exist and how
//! kinds are routed; the hybrid is a router over the others, not a fifth model.

use super::context::Ctx;
use super::event::Event;
use super::event_queue::Lane;
use super::flight::Slot;
use super::metrics::{CostItem, FailureCause, Gauges};
use super::models::api_gateway::{ApiFlavour, TokenBucket};
use super::models::function_platform::Functions;
use super::models::mesh::Mesh;
use super::models::process_copies::Monolith;
use super::models::Routing;
use super::scenario::{Architecture, Scenario};
use super::timeline::{BugEffect, FaultBook, TimelineEvent};
use super::topology::{NodeState, Role, Topology};
use super::workload::Request;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    Monolith,
    Mesh,
    Functions,
}

struct Gateway {
    node: u16,
    bucket: TokenBucket,
    latency_s: f64,
    fee: f64,
    last_throttle: f64,
}

pub struct System {
    pub arch: Architecture,
    pub topology: Topology,
    routes: Vec<Route>,
    gateway: Option<Gateway>,
    monolith: Option<Monolith>,
    mesh: Option<Mesh>,
    functions: Option<Functions>,
    modules: Vec<String>,
}

impl System {
    pub fn new(arch: Architecture, sc: &Scenario) -> Self {
        let modules = sc.workload.modules();
        let kind_modules: Vec<Vec<usize>> = sc
            .workload
            .kinds
            .iter()
            .map(|k| {
                k.modules
                    .iter()
                    .filter_map(|m| modules.iter().position(|x| x == m))
                    .collect()
            })
            .collect();
        let kind_names: Vec<String> = sc.workload.kinds.iter().map(|k| k.name.clone()).collect();
        let kinds = kind_names.len();
        let in_containers = sc.hybrid.in_containers(&sc.workload);
        let routes: Vec<Route> = (0..kinds)
            .map(|k| match arch {
                Architecture::Monolith => Route::Monolith,
                Architecture::Microservices => Route::Mesh,
                Architecture::Serverless => Route::Functions,
                Architecture::Hybrid if in_containers[k] => Route::Mesh,
                Architecture::Hybrid => Route::Functions,
            })
            .collect();
        let routed = |r: Route| -> Vec<bool> { routes.iter().map(|&x| x == r).collect() };
        let mut topology = Topology::with_client();
        let prices = &sc.prices;
        let machine = |name: &str| {
            prices
                .machine(name)
                .cloned()
                .expect("validated machine name")
        };

        let gateway = matches!(arch, Architecture::Serverless | Architecture::Hybrid).then(|| {
            let g = &sc.api_gateway;
            let node = topology.add("API Gateway", Role::ApiGateway, None);
            topology.link(Topology::CLIENT, node);
            let per_million = match g.flavour {
                ApiFlavour::Http => prices.api_gateway_http_per_million,
                ApiFlavour::Rest => prices.api_gateway_rest_per_million,
            };
            Gateway {
                node,
                bucket: TokenBucket::new(g.rate_limit_per_s, g.burst),
                latency_s: g.latency_ms / 1000.0,
                fee: per_million / 1e6,
                last_throttle: f64::NEG_INFINITY,
            }
        });
        let entry = gateway.as_ref().map_or(Topology::CLIENT, |g| g.node);

        let monolith = routes.contains(&Route::Monolith).then(|| {
            let m = machine(&sc.monolith.machine);
            Monolith::new(
                &sc.monolith,
                m.vcpu,
                m.per_hour,
                kind_modules.clone(),
                sc.seed,
                &mut topology,
            )
        });
        let (routed_to_functions, routed_to_mesh) = (routed(Route::Functions), routed(Route::Mesh));
        let routing = |routed| Routing {
            modules: &modules,
            kind_names: &kind_names,
            kind_modules: &kind_modules,
            routed,
            entry,
            seed: sc.seed,
        };
        let functions = routes.contains(&Route::Functions).then(|| {
            Functions::new(
                &sc.serverless,
                &routing(&routed_to_functions),
                prices,
                sc.api_gateway.integration_timeout(),
                &mut topology,
            )
        });
        let mesh = routes.contains(&Route::Mesh).then(|| {
            let with_gateway = arch == Architecture::Microservices;
            Mesh::new(
                &sc.microservices,
                &routing(&routed_to_mesh),
                with_gateway,
                machine(&sc.microservices.node_machine),
                prices,
                &mut topology,
            )
        });
        System {
            arch,
            topology,
            routes,
            gateway,
            monolith,
            mesh,
            functions,
            modules,
        }
    }

    /// Events the parts need before the first request (autoscaler timers).
    pub fn start(&mut self, ctx: &mut Ctx) {
        if let Some(mesh) = &mut self.mesh {
            mesh.start(ctx);
        }
    }

    fn entry_node(&self, kind: usize) -> u16 {
        if let Some(g) = &self.gateway {
            return g.node;
        }
        match self.routes[kind] {
            Route::Monolith => self.monolith.as_ref().map(|m| m.entry_node()),
            Route::Mesh => self.mesh.as_ref().and_then(|m| m.entry_node(kind)),
            Route::Functions => self.functions.as_ref().and_then(|f| f.function_node(kind)),
        }
        .unwrap_or(Topology::CLIENT)
    }

    pub fn arrive(&mut self, req: Request, ctx: &mut Ctx) {
        let slot = ctx.admit(req, self.entry_node(req.kind as usize));
        match &mut self.gateway {
            Some(g) => {
                ctx.metrics.charge(ctx.now, CostItem::ApiGateway, g.fee);
                if g.bucket.try_take(ctx.now) {
                    ctx.schedule_after(Lane::ApiGateway, g.latency_s, Event::Routed(slot));
                } else {
                    g.last_throttle = ctx.now;
                    ctx.fail(slot, FailureCause::Throttled);
                }
            }
            None => self.route(slot, req.kind as usize, ctx),
        }
    }

    fn route(&mut self, slot: Slot, kind: usize, ctx: &mut Ctx) {
        match self.routes[kind] {
            Route::Monolith => self.monolith.as_mut().map(|m| m.enter(slot, ctx)),
            Route::Mesh => self.mesh.as_mut().map(|m| m.enter(slot, ctx)),
            Route::Functions => self.functions.as_mut().map(|f| f.invoke(slot, ctx)),
        };
    }

    pub fn handle(&mut self, event: Event, ctx: &mut Ctx, timeline: &[TimelineEvent]) {
        match event {
            Event::Mono(e) => self
                .monolith
                .as_mut()
                .map(|m| m.handle(e, ctx))
                .unwrap_or(()),
            Event::Mesh(e) => self.mesh.as_mut().map(|m| m.handle(e, ctx)).unwrap_or(()),
            Event::Fn(e) => self
                .functions
                .as_mut()
                .map(|f| f.handle(e, ctx))
                .unwrap_or(()),
            Event::Routed(slot) => {
                if let Some(kind) = ctx.flights.get(slot).map(|f| f.req.kind as usize) {
                    self.route(slot, kind, ctx);
                }
            }
            Event::Timeline(i) => match timeline.get(i as usize) {
                Some(TimelineEvent::Bug {
                    effect: BugEffect::Crash,
                    target,
                    ..
                }) => {
                    if let Some(m) = &mut self.monolith {
                        m.crash(ctx);
                    }
                    let module = self.modules.iter().position(|m| m == target);
                    if let (Some(mesh), Some(module)) = (&mut self.mesh, module) {
                        mesh.crash(module, ctx);
                    }
                }
                Some(TimelineEvent::Deploy { target, .. }) => {
                    let module = self.modules.iter().position(|m| m == target);
                    if let Some(m) = &mut self.monolith {
                        m.deploy(ctx);
                    }
                    if let Some(mesh) = &mut self.mesh {
                        mesh.deploy(module, ctx);
                    }
                    if let Some(f) = &mut self.functions {
                        f.deploy(module, ctx);
                    }
                }
                _ => {}
            },
        }
    }

    #[inline(always)]
    pub fn gauges(&self, now: f64) -> Gauges {
        let mut g = Gauges::default();
        if let Some(m) = &self.monolith {
            m.gauges(now, &mut g);
        }
        if let Some(m) = &self.mesh {
            m.gauges(&mut g);
        }
        if let Some(f) = &self.functions {
            f.gauges(&mut g);
        }
        g
    }

    pub fn node_states(&self, now: f64, faults: &FaultBook) -> Vec<NodeState> {
        let mut out = Vec::new();
        if let Some(g) = &self.gateway {
            out.push(NodeState {
                node: g.node,
                instances: 1,
                throttling: now - g.last_throttle < 1.0,
                ..NodeState::default()
            });
        }
        if let Some(m) = &self.monolith {
            m.node_states(now, faults, &mut out);
        }
        if let Some(m) = &self.mesh {
            m.node_states(now, faults, &mut out);
        }
        if let Some(f) = &self.functions {
            f.node_states(now, faults, &mut out);
        }
        out
    }
}
