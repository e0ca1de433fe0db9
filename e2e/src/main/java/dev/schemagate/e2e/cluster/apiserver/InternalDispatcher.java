package dev.schemagate.e2e.cluster.apiserver;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The mock server's dispatcher for the cluster's internal endpoint, used by the operator and the
 * simulated controllers: everything {@link ApiServerCore} offers except admission. Requests are
 * handled on the mock's event-loop threads, so this endpoint must never wait for a webhook (the
 * webhook's own reads arrive here and would queue behind the wait).
 */
public final class InternalDispatcher extends Dispatcher {

  private final ApiServerCore core;

  public InternalDispatcher(ApiServerCore core) {
    this.core = core;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    return core.handle(request, false);
  }
}
