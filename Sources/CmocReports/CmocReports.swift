import CmocModel
