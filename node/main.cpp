// mmo-node (also installed as mmo-server, the guide's name): a regional node of the MMO world.
#include "node/app/NodeMain.hpp"

int main(int argc, char** argv) {
    return mmo::node::runNodeMain(argc, argv);
}
