-- One database per mobi database, as a city would run them (HR and IT would be replicas).
CREATE DATABASE mobi_agreement;
CREATE DATABASE mobi_device;
CREATE DATABASE mobi_bot;
