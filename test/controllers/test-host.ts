import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A host that runs its controllers' callbacks when told, and counts update requests. */
export class TestHost implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  addController(controller: ReactiveController) {
    this.controllers.push(controller);
  }
  removeController() {}
  requestUpdate() {
    this.updates++;
  }
  get updateComplete() {
    return Promise.resolve(true);
  }
  connect() {
    for (const controller of this.controllers) controller.hostConnected?.();
  }
  update() {
    for (const controller of this.controllers) controller.hostUpdate?.();
  }
  disconnect() {
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }
}
