# The Fazhi Pulse application image: one image, one service per command (streams, sink, ...).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl app -am package

FROM eclipse-temurin:17-jre
WORKDIR /opt/fazhi
COPY --from=build /src/app/target/fazhi.jar ./fazhi.jar
COPY --from=build /src/app/target/lib ./lib
ENV FAZHI_DATA_DIR=/var/lib/fazhi
VOLUME /var/lib/fazhi
ENTRYPOINT ["java", "-jar", "/opt/fazhi/fazhi.jar"]
