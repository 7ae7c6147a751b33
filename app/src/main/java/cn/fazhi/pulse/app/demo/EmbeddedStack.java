package cn.fazhi.pulse.app.demo;

import cn.fazhi.pulse.runtime.Endpoints;

import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.embedded.EmbeddedKafka;
import cn.fazhi.pulse.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real Kafka broker (KRaft) and a real PostgreSQL in this process, their
 * data under the data folder. Whatever the configuration names externally is used instead.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    private final EmbeddedKafka kafka;
    private final EmbeddedDatabase database;
    private final Endpoints endpoints;

    private EmbeddedStack(EmbeddedKafka kafka, EmbeddedDatabase database, Endpoints endpoints) {
        this.kafka = kafka;
        this.database = database;
        this.endpoints = endpoints;
    }

    public static EmbeddedStack start(FazhiConfig config) {
        EmbeddedKafka kafka = null;
        EmbeddedDatabase database = null;
        try {
            String bootstrap;
            if (config.embeddedKafka()) {
                kafka = EmbeddedKafka.start(config.dataDir().resolve("kafka"), config.embeddedKafkaPort(), 0);
                bootstrap = kafka.bootstrapServers();
                LOG.info("embedded Kafka broker at {}", bootstrap);
            } else {
                bootstrap = config.bootstrapServers().orElseThrow();
            }
            Database db;
            if (config.embeddedDatabase()) {
                // db.password, as every command that finds this demo's database connects with it
                database = EmbeddedDatabase.start(config.dataDir().resolve("postgres"), config.embeddedDbPort(), config.dbPassword(),
                        EmbeddedDatabase.DEFAULT_LISTEN_ADDRESSES);
                db = new Database(database.jdbcUrl(), database.user(), database.password());
                LOG.info("embedded PostgreSQL at {}", database.jdbcUrl());
            } else {
                db = new Database(config.dbUrl().orElseThrow(), config.dbUser(), config.dbPassword());
            }
            return new EmbeddedStack(kafka, database, new Endpoints(bootstrap, db, config.kafkaClient()));
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            if (database != null) {
                database.close();
            }
            throw e;
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public boolean embeddedKafka() {
        return kafka != null;
    }

    public boolean embeddedDatabase() {
        return database != null;
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
