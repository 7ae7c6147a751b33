package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.Endpoints;

import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.web.WebApplication;
import cn.fazhi.pulse.web.WebSettings;

/** Starts the HTTP API and dashboard against the pipeline's endpoints, with the configured port and group names. */
final class WebRuntime {
    private WebRuntime() {}

    static WebApplication start(Endpoints endpoints, FazhiConfig config) throws InterruptedException {
        return WebApplication.start(endpoints.kafkaConfig(), endpoints.database(), new WebSettings(config.httpPort(),
                WebSettings.DEFAULT_MAX_REQUEST_BYTES, WebSettings.DEFAULT_MAX_EVENTS, config.applicationId(), config.sinkGroupId()));
    }
}
