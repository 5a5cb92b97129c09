// The event bus's gauges: how many subscribers it feeds, and how many it has ever registered (tests wait on it: "the subscription is live").
import { Gauge, type Registry } from "prom-client";
import type { EventBus } from "./bus.js";

export function registerEventBusMetrics(registry: Registry, bus: EventBus): void {
  new Gauge({
    name: "turnkey_event_subscribers",
    help: "Sinks the event bus delivers to (live subscriptions, plus the reconciler's own)",
    registers: [registry],
    collect() {
      this.set(bus.subscriberCount);
    },
  });
  new Gauge({
    name: "turnkey_event_subscriptions_opened",
    help: "Sinks the event bus has registered since start; a subscription is live once it has counted here",
    registers: [registry],
    collect() {
      this.set(bus.subscriptionsOpened);
    },
  });
}
